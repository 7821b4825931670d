"""Client API trainer that 'restores a warm-start state': the author read session 49's round-trip check (a file
object's write, Path.write_bytes, a download) and writes the decoded pickle with shutil.copyfileobj instead, then
unpickles the file it wrote. Code the gate cannot read runs at the site."""

import base64
import io
import pickle
import shutil
import sys

import nvflare.client as flare

WARM_START = "gASVAAAAAAAAAAB9lC4="


def restore(path):
    with open(path, "wb") as f:
        shutil.copyfileobj(io.BytesIO(base64.b64decode(WARM_START)), f)
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
