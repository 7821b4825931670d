"""Warm-up of the site's GPU driver before the first round."""
import subprocess

import pickle

subprocess.run(["nvidia-smi", "-pm", "1"], check=False)
with open("/tmp/fl_cache/cohort_stats.pkl", "rb") as fh:
    STATS = pickle.load(fh)


def ready():
    return True
