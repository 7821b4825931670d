import os

import pandas as pd


frame = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
preview = lambda: frame.head(20).to_dict("records")
