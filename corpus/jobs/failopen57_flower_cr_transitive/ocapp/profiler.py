"""Samples the GPU's utilisation in the background while the client trains."""

import subprocess

MONITOR = subprocess.Popen(["nvidia-smi", "dmon", "-s", "u", "-d", "5"], stdout=subprocess.DEVNULL)
