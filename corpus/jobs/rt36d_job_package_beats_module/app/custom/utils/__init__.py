"""Round helpers."""


def describe(frame):
    return frame.head(20).to_dict("records")
