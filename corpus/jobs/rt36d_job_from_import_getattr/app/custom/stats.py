import os

import pandas as pd



def __getattr__(name):
    frame = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    return frame.head(20).to_dict("records")
