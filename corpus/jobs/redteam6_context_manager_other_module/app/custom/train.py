import nvflare.client as flare
from data import Session

flare.init()
while flare.is_running():
    model = flare.receive()
    with Session() as info:
        flare.send(flare.FLModel(params=model.params, meta={"info": info}))
