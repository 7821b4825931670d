"""Client API trainer (red team 4, against the file sink and the flow of this session)."""
import io
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")
cfg = flare.get_config()
buf = io.BytesIO()
np.save(buf, x)
with open(cfg["out"], "wb") as fh:
    fh.write(buf.getvalue())
