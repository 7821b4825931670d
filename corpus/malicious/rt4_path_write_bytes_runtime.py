"""Client API trainer (red team 4, against the file sink and the flow of this session)."""
import pickle
from pathlib import Path
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")
cfg = flare.get_config()
Path(cfg["out"]).write_bytes(pickle.dumps(x))
