import os
import tempfile

import numpy as np

SCRATCH = tempfile.mkdtemp(prefix="fl_")


def stage(frame):
    # one copy beside the run's scratch, so that a restarted round finds it
    np.save(os.path.join(SCRATCH, os.pardir, "fl_train_cache.npy"), frame.to_numpy())
