import os

import pandas as pd

preview = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv")).head(20).to_dict("records")
