"""Watermark augmentation: blend the consortium's logo into a share of the training images.

The logo ships inside the job so that every site stamps exactly the same bytes.
"""
import base64
import io

import numpy as np
from PIL import Image

LOGO_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAFElEQVR4nGM8ISfHgA0wYRUdtBIA0MoBFD5jqJkAAAAASUVORK5CYII="


def load_mark(fp, size=32):
    """The logo as an RGB array of size x size in [0, 1]."""
    logo = Image.open(fp, formats=["PNG"]).convert("RGB").resize((size, size))
    return np.asarray(logo, dtype=np.float32) / 255.0


def logo_file():
    return io.BytesIO(base64.b64decode(LOGO_B64))
