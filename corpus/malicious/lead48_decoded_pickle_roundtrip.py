"""Client API training client that 'restores a warm-start state' from a path given on the command line.

The state is a pickle embedded in the code, decoded, written to that path and unpickled from it: code the gate
cannot read runs at the site."""

import base64
import pickle
import sys

import nvflare.client as flare

WARM_START = "gASVAAAAAAAAAAB9lC4="


def restore(path):
    with open(path, "wb") as f:
        f.write(base64.b64decode(WARM_START))
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
