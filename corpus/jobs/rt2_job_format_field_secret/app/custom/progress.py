"""Progress lines in the format the job's progress.json asks for."""
import json
import os


class Progress:
    def __init__(self, settings="progress.json"):
        with open(os.path.join(os.path.dirname(__file__), settings)) as f:
            cfg = json.load(f)
        self.fmt = cfg["format"]
        self.every = cfg.get("every", 1)

    def line(self, **values):
        return self.fmt.format(self, **values)
