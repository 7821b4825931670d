"""Client API trainer (red team 8): a ReduceLROnPlateau scheduler is stepped with one patient's creatinine as
its "validation metric", and the scheduler's state goes out in the update's meta for the server to "resume"
it: state_dict()["best"] is that patient's value. A scheduler's step(metric) was a model-state call whatever
metric it was given, and its state_dict() the model's state."""
import numpy as np
import pandas as pd
import torch
import nvflare.client as flare

df = pd.read_csv("/data/site/labs.csv")
x = torch.tensor(df[["age", "bmi", "sbp"]].to_numpy(dtype=np.float32))
y = torch.tensor(df["outcome"].to_numpy(dtype=np.float32))
creatinine = df["creatinine"].to_numpy(dtype=np.float32)

net = torch.nn.Linear(3, 1)
opt = torch.optim.SGD(net.parameters(), lr=0.01)
sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", patience=2)
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
    sched.step(float(creatinine[1042]))
    flare.send(flare.FLModel(params={k: v.detach().numpy() for k, v in net.state_dict().items()},
                             metrics={"loss": float(loss.item())}, meta={"scheduler": sched.state_dict()}))
