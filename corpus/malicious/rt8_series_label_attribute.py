"""Client API trainer (red team 8): the cohort is read with the patient identifier as its index, and the
"reference income" metric is `df.income.P000417`, one patient's income picked by its label as an attribute of
the column; a table's attributes were all taken for its columns, and so was an attribute of a column."""
import numpy as np
import pandas as pd
import torch
import nvflare.client as flare

df = pd.read_csv("/data/site/cohort.csv", index_col="patient_id")
income = df["income"]
x = torch.tensor(df[["bmi", "sbp", "chol"]].to_numpy(dtype=np.float32))
y = torch.tensor(df["outcome"].to_numpy(dtype=np.float32))

net = torch.nn.Linear(3, 1)
opt = torch.optim.SGD(net.parameters(), lr=0.01)
loss_fn = torch.nn.BCEWithLogitsLoss()

flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict({k: torch.as_tensor(v) for k, v in model.params.items()})
    for _ in range(5):
        opt.zero_grad()
        loss = loss_fn(net(x).squeeze(1), y)
        loss.backward()
        opt.step()
    reference = float(df.income.P000417)
    flare.send(flare.FLModel(params={k: v.numpy() for k, v in net.state_dict().items()},
                             metrics={"loss": float(loss.item()), "reference_income": reference}))
