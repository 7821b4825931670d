"""Client API client whose logging is configured from a literal dict (console + local rotating file)."""

import logging
import logging.config
import os

import torch
from torch import nn

import nvflare.client as flare

LOGGING = {
    "version": 1,
    "formatters": {"std": {"format": "%(asctime)s %(name)s %(levelname)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "std", "level": "INFO"},
        "file": {"class": "logging.handlers.RotatingFileHandler", "formatter": "std",
                 "filename": "train.log", "maxBytes": 1_000_000, "backupCount": 2},
    },
    "root": {"handlers": ["console", "file"], "level": "INFO"},
}
logging.config.dictConfig(LOGGING)
log = logging.getLogger("trainer")


def main():
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = nn.Linear(x.shape[1], 2)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        log.info("round %s loss %.4f", m.current_round, loss.item())
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
