# Twin of leftovers53_to_clipboard: a summary of the site's table written to the job's outputs. Accepted.
import os

import pandas as pd


def summary():
    table = pd.read_csv("/data/site-1/train.csv")
    os.makedirs("outputs", exist_ok=True)
    table.describe().to_csv("outputs/summary.csv")
