"""matplotlibrc files: settings that make matplotlib import a module, call a function, run a program or serve figures.

matplotlib reads `./matplotlibrc` from the current working directory when it is first imported, before the
user's and the installed defaults (matplotlib/__init__.py `matplotlib_fname`), and NVFlare starts a launched
trainer in the app's folder (nvflare/app_common/executors/client_api/external_process_backend.py: Popen
cwd=app_dir): a `matplotlibrc` the job ships there configures the job's plotting, which the catalogue vouches
call by call (rules/catalogue/extras.yaml: `matplotlib.use` only with one of matplotlib's own backends,
titles only without usetex). From the file, `backend: module://x` imports any module, `backend: WebAgg` with
`webagg.address` makes `plt.show()` serve the figures over HTTP, `figure.hooks` calls `module:function` on every
new figure, `text.usetex` runs latex and dvipng, `animation.*_path` name the programs animations run
(rules/lists/launchers.yaml `matplotlibrc-code-settings`). Every file named `matplotlibrc` counts, wherever it
sits: the working directory is the launcher's to choose. Red team 48c.
"""

from __future__ import annotations

from typing import Iterator

from ..lists import matcher
from . import FileContext, Hit, file_detector

_SETTINGS = matcher("launchers", "matplotlibrc-code-settings")
_FILE_BACKENDS = matcher("launchers", "matplotlib-file-backends").names()
# matplotlib/rcsetup.py validate_bool's false words, and None: the setting left off
_OFF = frozenset({"f", "n", "no", "off", "false", "0", "none", ""})


def settings(text: str) -> Iterator[tuple[int, str, str]]:
    """(line, key, value) of each setting, read as matplotlib/__init__.py `_rc_params_in_file` reads them: a `#`
    starts a comment outside quotes, `key: value`, a value in double quotes unquoted."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = _without_comment(line).strip()
        key, colon, value = stripped.partition(":")
        if not colon:
            continue
        value = value.strip()
        if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
            value = value[1:-1]
        yield number, key.strip(), value


def _without_comment(line: str) -> str:
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == "#" and not quoted:
            return line[:i]
    return line


def _runs(key: str, value: str) -> bool:
    if key in ("backend", "backend_fallback"):
        return key == "backend" and value.lower() not in _FILE_BACKENDS
    return _SETTINGS.match(key) is not None and value.lower() not in _OFF


@file_detector("matplotlibrc")
def matplotlibrc(ctx: FileContext) -> Iterator[Hit]:
    for entry in ctx.content.files:
        if entry.path.rpartition("/")[2] != "matplotlibrc":
            continue
        data = ctx.content.data.get(entry.path)
        if data is None:
            continue
        for line, key, value in settings(data.decode("utf-8", "replace")):
            if _runs(key, value):
                yield Hit("config-attack.matplotlibrc-code", entry.path, line, details={"name": f"{key}: {value}"})
