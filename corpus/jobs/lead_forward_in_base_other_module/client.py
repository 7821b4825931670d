import torch
import nvflare.client as flare
from heads import BaseHead


class CalibrationHead(BaseHead):
    pass


features = torch.load("/data/site/features.pt", weights_only=True)
head = CalibrationHead()
flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, metrics={"calibration": float(head(features).mean())}))
