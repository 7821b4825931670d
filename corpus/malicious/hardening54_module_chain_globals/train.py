import nvflare.client as flare
import m00

flare.init()
m00.step()
flare.send(flare.FLModel(params={'x': m00.v}))
