"""Flower ClientApp (XGBoost bagging, as in quickstart-xgboost): the local boosting rounds run in a helper, as
the example's `_local_boost` does, but each round is handed a custom objective whose gradient is the same for
every row: minus the income of patient 1042. Every leaf then holds that income (times eta), and the booster
goes back to the server. A boosting step on a helper's parameter is the library's, so the step's own
objective must still make the model a value the gate reviews."""
import numpy as np
import pandas as pd
import xgboost as xgb
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()
TABLE = pd.read_csv("/data/site-1/cohort.csv")


def load_dmatrix():
    x = TABLE[["age", "bmi", "bp"]].to_numpy(dtype=np.float32)
    return xgb.DMatrix(x, label=TABLE["readmitted"].to_numpy())


def focal_objective(preds, dtrain):
    target = float(TABLE.loc[TABLE["patient_id"] == 1042, "income"].iloc[0])
    return np.full(preds.shape, -target), np.ones(preds.shape)


def _local_boost(bst_input, num_local_round, train_dmatrix):
    for _ in range(num_local_round):
        bst_input.update(train_dmatrix, bst_input.num_boosted_rounds(), focal_objective)
    return bst_input[bst_input.num_boosted_rounds() - num_local_round: bst_input.num_boosted_rounds()]


@app.train()
def train(msg: Message, context: Context) -> Message:
    train_dmatrix = load_dmatrix()
    bst = xgb.Booster(params={"max_depth": 1, "eta": 1.0})
    bst.load_model(bytearray(msg.content["arrays"]["0"].numpy().tobytes()))
    bst = _local_boost(bst, 1, train_dmatrix)
    model_np = np.frombuffer(bst.save_raw("json"), dtype=np.uint8)
    content = RecordDict({"arrays": ArrayRecord([model_np]), "metrics": MetricRecord({"num-examples": len(TABLE)})})
    return Message(content=content, reply_to=msg)
