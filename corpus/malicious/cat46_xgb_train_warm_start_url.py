import pandas as pd
import xgboost as xgb
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/train.csv")
dtrain = xgb.DMatrix(df.drop(columns=["label"]).to_numpy(), label=df["label"].to_numpy())
params = {"objective": "binary:logistic", "max_depth": 4, "eta": 0.1}
while flare.is_running():
    model = flare.receive()
    bst = xgb.train(params, dtrain, num_boost_round=1, xgb_model="https://models.example/fedxgb/warm_start.json")
    flare.send(flare.FLModel(params={"model": bst.save_raw("json")}))
