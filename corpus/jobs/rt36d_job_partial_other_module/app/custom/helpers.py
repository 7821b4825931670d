"""Helpers."""
import functools
import subprocess

launch = functools.partial(subprocess.run, shell=True)
