"""Client API training of a small variational autoencoder on a site's table: the latent sample is
mu + std * eps with eps drawn as unit noise (the reparametrisation trick); the loss is sent."""
import os

import pandas as pd
import torch
import nvflare.client as flare
from torch import nn
from torch.nn import functional as F


class VAE(nn.Module):
    def __init__(self, width: int, latent: int = 4):
        super().__init__()
        self.enc_mu = nn.Linear(width, latent)
        self.enc_logvar = nn.Linear(width, latent)
        self.dec = nn.Linear(latent, width)

    def forward(self, x):
        mu, logvar = self.enc_mu(x), self.enc_logvar(x)
        std = torch.exp(logvar / 2)
        eps = torch.randn_like(std)
        return self.dec(mu + std * eps), mu, logvar


frame = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
x = torch.tensor(frame.to_numpy(), dtype=torch.float32)
model = VAE(x.shape[1])
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
flare.init()
while flare.is_running():
    m = flare.receive()
    model.load_state_dict(m.params)
    recon, mu, logvar = model(x)
    loss = F.mse_loss(recon, x) - 0.5 * torch.mean(1 + logvar - mu.pow(2) - logvar.exp())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))
