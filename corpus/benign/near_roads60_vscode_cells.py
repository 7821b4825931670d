"""Twin of red team 60's cell scripts: a Client API client written in VS Code / Spyder `# %%` cells, whose comments
are prose (no escaped magic), trains on the site's rows and sends its weights and loss."""

# %%
import pandas as pd
import torch
import nvflare.client as flare

# %%
# read the site's table once; the columns are the four vitals the model uses
flare.init()
df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
y = torch.tensor(df["outcome"].values, dtype=torch.long)
net = torch.nn.Linear(4, 2)

# %%
# one local step per round: receive, train, send
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(net(X), y)
    loss.backward()
    opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss)}))
