# Twin of leftovers53_popen_args_keyword: a GPU query with its argv by keyword. A program run the gate cannot
# vouch for: escalated, as the same call by position is (no network tool, no shell).
import subprocess


def gpu_names():
    out = subprocess.run(args=["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"], capture_output=True,
                         text=True, check=False)
    return out.stdout.splitlines()
