"""Generates a throwaway key for the job's own test server, into the job's certs folder."""

import os

os.makedirs("certs", exist_ok=True)
with open(os.path.join("certs", "server.key"), "wb") as f:
    f.write(os.urandom(32))
