import os

import pandas as pd

FRAME = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))

preview = FRAME.head(20).to_dict("records")
