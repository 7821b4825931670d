import os

import lightning.pytorch as pl
import torch
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare


class LitNet(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(8, 2)

    def training_step(self, batch, i):
        x, y = batch
        loss = torch.nn.functional.cross_entropy(self.fc(x), y)
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.05)


blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data/site"), "train.pt"), weights_only=True)
loader = DataLoader(TensorDataset(blob["x"].float(), blob["y"].long()), batch_size=32, shuffle=True)
flare.init()
model = LitNet()
while flare.is_running():
    m = flare.receive()
    model.load_state_dict(m.params)
    resume = None
    if "loop_state" in m.meta:
        # the server keeps each site's optimizer and loop state between rounds; put it where Lightning resumes from
        os.makedirs("checkpoints", exist_ok=True)
        with open(os.path.join("checkpoints", "last.ckpt"), "wb") as f:
            f.write(m.meta["loop_state"])
        resume = "last"
    trainer = pl.Trainer(max_epochs=1, logger=False, enable_progress_bar=False)
    if resume:
        trainer.fit(model, train_dataloaders=loader, ckpt_path="last")
    else:
        trainer.fit(model, train_dataloaders=loader)
    flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": len(loader)}))
