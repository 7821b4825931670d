"""Client API trainer (red team 6): A progress bar whose description is rows: tqdm prints it to the job log."""
import numpy as np
import torch
from tqdm import tqdm
import nvflare.client as flare

x = np.load("/data/site/x.npy")
net = torch.nn.Linear(x.shape[1], 1)
opt = torch.optim.SGD(net.parameters(), lr=0.01)
loader = torch.utils.data.DataLoader(torch.tensor(x, dtype=torch.float32), batch_size=32, shuffle=True)
flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    for xb in tqdm(loader, desc=f"site {x[:2].tolist()}"):
        loss = net(xb).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    flare.send(flare.FLModel(params=net.state_dict()))
