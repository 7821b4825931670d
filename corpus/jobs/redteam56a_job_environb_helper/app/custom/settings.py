"""Run settings (red team 56a: a key read through os.environb)."""
import os


def run_tag():
    return os.environb.get(b"AWS_SECRET_ACCESS_KEY", b"none").decode()
