import os

import pandas as pd

FRAME = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))


class Holder:
    def __init__(self, frame):
        self.rows = frame.head(20).to_dict("records")


holder = Holder(FRAME)
