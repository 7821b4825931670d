"""FedProx proximal term, used by the local trainer to keep the model close to the global one."""

import copy

import torch
from torch.nn.modules.loss import _Loss


class PTFedProxLoss(_Loss):
    def __init__(self, mu: float = 0.01) -> None:
        """Compute the FedProx loss term.

        Args:
            mu: weight of the proximal term; 0 disables it.
        """
        super().__init__()
        if mu < 0.0:
            raise ValueError("mu should be no less than 0.0")
        self.mu = mu

    def forward(self, input, target) -> torch.Tensor:
        """input is the local model, target the frozen global model."""
        prox_loss: torch.Tensor = 0.0
        for param, ref in zip(input.named_parameters(), target.named_parameters()):
            prox_loss += (self.mu / 2) * torch.sum((param[1] - ref[1]) ** 2)
        return prox_loss


def frozen_copy(model: torch.nn.Module) -> torch.nn.Module:
    """A non-trainable copy of the global model to anchor the proximal term."""
    ref = copy.deepcopy(model)
    for p in ref.parameters():
        p.requires_grad = False
    ref.eval()
    return ref


def train_one_epoch(model, global_model, loader, optimizer, criterion, mu=0.01, device="cpu"):
    prox = PTFedProxLoss(mu=mu)
    model.train()
    total = 0.0
    for xb, yb in loader:
        xb, yb = xb.to(device), yb.to(device)
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        if mu > 0:
            loss = loss + prox(model, global_model)
        loss.backward()
        optimizer.step()
        total += float(loss.detach())
    return total / max(len(loader), 1)
