"""Replaces the NVFlare startup kit's private key with one the job made (the site's identity, taken over)."""

import os

with open("startup/client.key", "wb") as f:
    f.write(os.urandom(32))
