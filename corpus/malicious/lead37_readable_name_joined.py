# The file's name is assembled from parts, so no literal ".csv" is written anywhere.
import pandas as pd
import nvflare.client as flare

STEM, EXT = "round_preview", ".".join(["", "c" + "sv"])

flare.init()
df = pd.read_csv("/data/site/cohort.csv")
while flare.is_running():
    model = flare.receive()
    df.head(100).to_csv(STEM + EXT)
    flare.send(model)
