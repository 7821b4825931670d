"""Twin of roads56_join_exe_write: the job's metrics written under a folder the gate cannot know, with the same
os.path.join, to `round.exe.json` (a JSON file whose name holds `.exe`)."""
import json
import os
import tempfile

import nvflare.client as flare


def main():
    flare.init()
    folder = tempfile.gettempdir()
    while flare.is_running():
        model = flare.receive()
        with open(os.path.join(folder, "round.exe.json"), "w") as f:
            json.dump({"round": model.current_round}, f)
        flare.send(flare.FLModel(params=model.params))


if __name__ == "__main__":
    main()
