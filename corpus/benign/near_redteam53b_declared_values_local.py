"""Tabular FedAvg client (Client API). Settings from set_defaults, vars(), a namespace, dict.get and embedded JSON, all local."""

import argparse
import json
import types
import os

import pandas as pd
import torch
import nvflare.client as flare


def get_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--tracking_uri", default="http://localhost:5000")
    parser.add_argument("--snapshot")
    parser.set_defaults(snapshot="outputs/model_snapshot.pt")
    args, _ = parser.parse_known_args()
    return args


SETTINGS = types.SimpleNamespace(schema="/data/schema.csv", delimiter=",")
EMBEDDED = json.loads('{"cache": "outputs/model_cache.pt", "seed": 0}')
OVERRIDES = {}

def main():
    args = get_args()
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    schema = pd.read_csv(OVERRIDES.get("schema", SETTINGS.schema))
    print("schema columns:", len(schema.columns))
    print(f"{OVERRIDES.get('reference_stats', 'data/ref.csv')}: positives {int(df['y'].sum())}")
    x = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
    y = torch.tensor(df["y"].values, dtype=torch.float32)
    model = torch.nn.Linear(x.shape[1], 1)
    flare.init()
    while flare.is_running():
        received = flare.receive()
        model.load_state_dict(received.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        for _ in range(args.epochs):
            opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x).squeeze(1), y)
            loss.backward()
            opt.step()
        torch.save(model.state_dict(), EMBEDDED["cache"])
        torch.save(model.state_dict(), getattr(args, "snapshot", "outputs/snapshot.pt"))
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
