"""Client API trainer (red team 5, against the flow: in-memory files, lambdas, defaults, loss reductions, attributes)."""
import io
import pandas as pd
import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
flare.init()
while flare.is_running():
    model = flare.receive()
    s = io.StringIO()
    df.head(20).to_csv(s)
    flare.send(flare.FLModel(params=model.params, meta={"preview": s.getvalue()}))
