"""Client API trainer (red team 4, against the file sink and the flow of this session)."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")
cfg = flare.get_config()
save = lambda obj, dest: np.save(dest, obj)
save(x, cfg["out"])
