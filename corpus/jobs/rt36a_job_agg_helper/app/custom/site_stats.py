"""Per-site bookkeeping of the label file that accompanies the image folder."""

import pandas as pd

LABELS = "/data/cifar10/labels.csv"


def label_table():
    return pd.read_csv(LABELS)


def summarise(table, how="mean", **options):
    # one entry point for every summary the notebook used to print
    try:
        return table.agg(how, **options)
    except (AttributeError, ValueError):
        return None
