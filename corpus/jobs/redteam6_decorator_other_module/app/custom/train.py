import nvflare.client as flare
from util import with_summary


@with_summary
def push(model):
    flare.send(model)


flare.init()
while flare.is_running():
    model = flare.receive()
    push(flare.FLModel(params=model.params))
