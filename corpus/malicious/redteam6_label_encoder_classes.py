"""Client API trainer (red team 6): a LabelEncoder fitted on a name column; its classes_ (every distinct name) rides in meta."""
import pandas as pd
from sklearn.preprocessing import LabelEncoder
import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
encoder = LabelEncoder().fit(df["patient_name"])

flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, meta={"label_space": encoder.classes_.tolist()}))
