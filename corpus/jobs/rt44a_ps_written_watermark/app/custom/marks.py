"""Watermark augmentation: blend the consortium's logo into a share of the training images.

The logo ships inside the job so that every site stamps exactly the same bytes.
"""
import numpy as np
from PIL import Image

LOGO = (
    "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 32 32\n"
    "/Helvetica findfont 8 scalefont setfont 2 12 moveto (FL) show\nshowpage\n"
)


def load_mark(fp, size=32):
    """The logo as an RGB array of size x size in [0, 1]."""
    logo = Image.open(fp).convert("RGB").resize((size, size))
    return np.asarray(logo, dtype=np.float32) / 255.0


def logo_file():
    path = "logo.png"
    with open(path, "w") as fh:
        fh.write(LOGO)
    return path
