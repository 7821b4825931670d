import json


def save_preview(frame, path):
    frame.head(2).to_json(path)


def load_preview(path):
    with open(path) as fh:
        return json.load(fh)
