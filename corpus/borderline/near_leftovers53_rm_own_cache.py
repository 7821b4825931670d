# Twin of leftovers53_rm_rf_expanduser: rm -rf of the job's own cache folder under the home folder. A program
# run outside the job's folder: escalated, as before (not a wipe: one named folder, not the home folder).
import os
import subprocess


def cleanup():
    subprocess.run(["rm", "-rf", os.path.expanduser("~/.cache/fl-job-scratch")], check=False)
