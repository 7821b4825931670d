"""Watermark augmentation: blend the consortium's logo into a share of the training images.

The logo ships inside the job (base64) so that every site stamps exactly the same bytes; it is unpacked into the
run folder once per run.
"""
import base64

import numpy as np
from PIL import Image

LOGO_B64 = (
    "JSFQUy1BZG9iZS0zLjAgRVBTRi0zLjAKJSVCb3VuZGluZ0JveDogMCAwIDMyIDMy"
    "Ci9IZWx2ZXRpY2EgZmluZGZvbnQgOCBzY2FsZWZvbnQgc2V0Zm9udCAyIDEyIG1v"
    "dmV0byAoRkwpIHNob3cKc2hvd3BhZ2UK"
)


def load_mark(fp, size=32):
    """The logo as an RGB array of size x size in [0, 1]."""
    logo = Image.open(fp).convert("RGB").resize((size, size))
    return np.asarray(logo, dtype=np.float32) / 255.0


def logo_file():
    path = "logo.png"
    with open(path, "wb") as fh:
        fh.write(base64.b64decode(LOGO_B64))
    return path
