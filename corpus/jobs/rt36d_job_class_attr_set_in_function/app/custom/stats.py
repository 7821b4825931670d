import csv
import os



class Holder:
    cache = None


def refresh():
    with open(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv")) as fh:
        Holder.cache = list(csv.reader(fh))[:20]
