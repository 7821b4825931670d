"""Client API client that renders a per-round text report from the job's Jinja2 template."""

import argparse
import os

import jinja2
import torch
from torch import nn

import nvflare.client as flare
from net import Net

HERE = os.path.dirname(os.path.abspath(__file__))


def render_report(**ctx):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE))
    return env.get_template("round_report.j2").render(**ctx)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    args = p.parse_args()
    data_root = os.environ.get("DATA_ROOT", "/data")
    blob = torch.load(os.path.join(data_root, "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = Net(x.shape[1])
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        for _ in range(args.epochs):
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
        print(render_report(rnd=m.current_round, site=flare.get_site_name(), loss=loss.item(), data_root=data_root))
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
