"""Twin of the redteam54b text-building samples: the same roads (scandir, % and format_map templates, join, suffix cuts, **options, type=, a property) with the job's outputs folder."""

import argparse
import os

import pandas as pd
import torch
import nvflare.client as flare


def in_outputs(name):
    return os.path.join("./outputs", name)


def checkpoint(state, **options):
    torch.save(state, options["dest"])


class RunPaths:
    @property
    def export(self):
        return "./outputs/site_model.pt"

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--best", default="best.pt", type=in_outputs)
    parser.add_argument("--report", **{"default": "./outputs/report.txt"})
    args, _ = parser.parse_known_args()
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    x = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
    y = torch.tensor(df["y"].values, dtype=torch.float32)
    model = torch.nn.Linear(x.shape[1], 1)
    os.makedirs("./outputs", exist_ok=True)
    os.makedirs("./outputs/tmp", exist_ok=True)
    for entry in os.scandir("./outputs/tmp"):
        open(entry.path, "wb").close()
    log_path = "%s/%s.txt" % ("./outputs", "train_log")
    summary = "{root}/{name}.csv".format_map({"root": "./outputs", "name": "summary"})
    export = "/".join([".", "outputs", "site_model.pt"])
    scratch = os.path.splitext("./outputs/site_model.pt.tmp")[0].removesuffix(".pt") + ".bak"
    paths = RunPaths()
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
        torch.save(model.state_dict(), export)
        torch.save(model.state_dict(), scratch)
        torch.save(model.state_dict(), args.best)
        checkpoint(model.state_dict(), dest=paths.export)
        pd.DataFrame({"loss": [loss.item()]}).to_csv(summary)
        with open(log_path, "a") as fh:
            fh.write("round done\n")
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
