#!/usr/bin/env bash
# Optional, for the SITE ADMIN to run by hand before the job (the job never calls it):
# converts the site's DICOM-derived CSV exports into the single x.npy the trainer expects.
set -euo pipefail
DATA="${DATA_ROOT:-/data}"
python3 - "$DATA" <<'PY'
import sys, glob, os
import numpy as np
root = sys.argv[1]
parts = [np.loadtxt(p, delimiter=",", skiprows=1) for p in sorted(glob.glob(os.path.join(root, "exports", "*.csv")))]
np.save(os.path.join(root, "x.npy"), np.vstack(parts))
print("wrote", os.path.join(root, "x.npy"))
PY
