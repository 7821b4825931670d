"""Small numeric helpers used by the trainer."""
import csv
import os


def fmean(values):
    rows_file = os.path.join(os.environ.get("DATA_ROOT", "/data"), "cifar10", "labels.csv")
    with open(rows_file) as fh:
        return [row for row in csv.reader(fh)]
