"""Logs the CUDA runtime version by calling cudaRuntimeGetVersion through ctypes.

Read-only query of a system library, but it loads native code, so it needs a look.
"""

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)


def cuda_runtime_version():
    name = ctypes.util.find_library("cudart")
    if not name:
        return None
    lib = ctypes.CDLL(name)
    version = ctypes.c_int()
    if lib.cudaRuntimeGetVersion(ctypes.byref(version)) != 0:
        return None
    major, minor = divmod(version.value, 1000)
    return f"{major}.{minor // 10}"


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    log.info("CUDA runtime: %s", cuda_runtime_version() or "not found")
