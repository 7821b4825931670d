"""Client API trainer that 'restores a warm-start state': the author read session 50's byte writers and hands
os.write to functools.partial, then unpickles the file it wrote."""

import base64
import functools
import os
import pickle
import sys

import nvflare.client as flare

K = "gASVAAAAAAAAAAB9lC4="


def restore(path):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)
    put = functools.partial(os.write, fd)
    put(base64.b64decode(K))
    os.close(fd)
    with open(path, "rb") as f:
        return pickle.load(f)


def main():
    state = restore(sys.argv[1])
    flare.init()
    while flare.is_running():
        model = flare.receive()
        model.meta["warm_start_keys"] = len(state)
        flare.send(model)


if __name__ == "__main__":
    main()
