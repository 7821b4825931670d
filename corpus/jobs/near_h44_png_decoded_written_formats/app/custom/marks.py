"""Watermark augmentation: blend the consortium's logo into a share of the training images.

The logo ships inside the job (base64) so that every site stamps exactly the same bytes; it is unpacked into the
run folder once per run.
"""
import base64

import numpy as np
from PIL import Image

LOGO_B64 = (
    "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAD0lEQVR4nGP4jwQY"
    "iOMAANuQL9FuRbCyAAAAAElFTkSuQmCC"
)


def load_mark(fp, size=32):
    """The logo as an RGB array of size x size in [0, 1]."""
    logo = Image.open(fp, formats=["PNG"]).convert("RGB").resize((size, size))
    return np.asarray(logo, dtype=np.float32) / 255.0


def logo_file():
    path = "logo.png"
    with open(path, "wb") as fh:
        fh.write(base64.b64decode(LOGO_B64))
    return path
