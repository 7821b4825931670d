# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: light
#       format_version: '1.5'
#       jupytext_version: 1.16.4
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---


import pandas as pd
import torch

# + [markdown]
# # Site data check
# Checks the CIFAR-10 folder and the GPU.
# -

# %matplotlib inline

# +
root = "/data/cifar10"
print(torch.cuda.is_available())
print(pd.Series([1, 2, 3]).describe())
