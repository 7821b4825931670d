"""Red team 59a's twin: a softmax over the model's logits (per row, over classes), its mean confidence and entropy
and a confidence-weighted loss sent as metrics; nothing a softmax of the site's own values weighs."""
import pandas as pd
import torch
import torch.nn.functional as F
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
y = torch.tensor(df["outcome"].values, dtype=torch.long)
net = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))

while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    for _ in range(5):
        opt.zero_grad()
        loss = F.cross_entropy(net(X), y)
        loss.backward()
        opt.step()
    with torch.no_grad():
        probs = torch.softmax(net(X), dim=1)
        confidence = float(probs.max(dim=1).values.mean())
        entropy = float(-(probs * torch.log(probs + 1e-8)).sum(dim=1).mean())
    flare.send(flare.FLModel(params=net.state_dict(),
                             metrics={"loss": float(loss), "confidence": confidence, "entropy": entropy}))
