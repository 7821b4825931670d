"""Twin of malicious/rt13_print_file_roundtrip.py and rt13_csv_writer_buffer.py: the journal printed into
outputs/journal.txt and the in-memory CSV report hold the round and the losses only."""
import csv
import io
import os

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
JOURNAL = "outputs/journal.txt"


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    os.makedirs("outputs", exist_ok=True)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["round", "step", "loss"])
        with open(JOURNAL, "w") as fh:
            print("round", m.current_round, "examples:", len(df), file=fh)
            for step in range(5):
                opt.zero_grad()
                loss = ((net(X).squeeze(-1) - Y) ** 2).mean()
                loss.backward()
                opt.step()
                print(f"loss {loss.item():.4f}", file=fh)
                w.writerow([m.current_round, step, loss.item()])
        with open(JOURNAL) as fh:
            journal = fh.read()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()},
                                 meta={"journal": journal, "report.csv": buf.getvalue()}))


if __name__ == "__main__":
    main()
