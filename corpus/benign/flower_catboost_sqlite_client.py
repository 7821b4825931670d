"""Flower ClientApp: the site's cohort is read from its SQLite file under the job's folder, a CatBoost
model is trained and kept at the site (its training files in catboost_info/, the model in outputs/), and
only the number of rows used is reported."""
import os

import pandas as pd
from catboost import CatBoostClassifier
from flwr.app import Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from sqlalchemy import create_engine

app = ClientApp()
FEATURES = ["age", "bmi", "systolic_bp", "hba1c", "label"]


@app.train()
def train(msg: Message, context: Context) -> Message:
    engine = create_engine("sqlite:///data/cohort.db")
    df = pd.read_sql_table("person_measurements", engine, columns=FEATURES)
    engine.dispose()
    y = df.pop("label")
    model = CatBoostClassifier(iterations=int(context.run_config["local-epochs"]), depth=4, verbose=0)
    model.fit(df, y)
    os.makedirs("outputs", exist_ok=True)
    model.save_model("outputs/catboost_site.cbm")
    return Message(RecordDict({"metrics": MetricRecord({"num-examples": len(df)})}), reply_to=msg)
