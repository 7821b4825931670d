import nvflare.client as flare
from hooks import SUMMARY

flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, metrics={"s": SUMMARY}))
