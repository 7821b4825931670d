# Rows logged through a FileHandler the job adds: debug.log sits in the job's folder, which the admin can `cat`.
import logging
import pandas as pd
import nvflare.client as flare

log = logging.getLogger("trainer")
log.addHandler(logging.FileHandler("debug.log"))
flare.init()
df = pd.read_csv("/data/site/cohort.csv")
while flare.is_running():
    model = flare.receive()
    log.warning("%s", df.iloc[:5].to_dict())
    flare.send(model)
