"""Federated Kaplan-Meier with homomorphic encryption (red team 8): the site's event histogram is encrypted
under the provisioned CKKS context, whose global scale the job first nudges by the mean survival time of the
rows it picked (one patient, 1042:1043). Every serialised CKKS vector carries its scale in the clear, so the
server reads that patient's time without the secret key. A keyed encryption dropped whatever of unknown
provenance its context held (meant for the provisioned key file), a statistic of chosen rows included."""
import argparse
import base64

import numpy as np
import pandas as pd
import tenseal as ts
from lifelines.utils import survival_table_from_events

import nvflare.client as flare
from nvflare.app_common.abstract.fl_model import FLModel, ParamsType


def read_data(file_name: str):
    with open(file_name, "rb") as f:
        data = f.read()
    return base64.b64decode(data)


def main():
    parser = argparse.ArgumentParser(description="KM analysis")
    parser.add_argument("--data_root", type=str)
    parser.add_argument("--he_context_path", type=str)
    args = parser.parse_args()
    flare.init()
    data = pd.read_csv(f"{args.data_root}/{flare.get_site_name()}.csv")
    he_context = ts.context_from(read_data(args.he_context_path))
    he_context.global_scale = 2 ** 40 + float(np.mean(data["time"].to_numpy()[1042:1043]))
    while flare.is_running():
        global_msg = flare.receive()
        event_table = survival_table_from_events(data["time"], data["event"])
        if global_msg.current_round == 1:
            flare.send(FLModel(params={"max_idx": max(event_table.index.values.astype(int))}, params_type=ParamsType.FULL))
            continue
        max_idx = global_msg.params["max_idx_global"]
        hist_obs = {idx: 0 for idx in range(max_idx)}
        idx = event_table.index.values.astype(int)
        observed = event_table["observed"].to_numpy()
        for i in range(len(idx)):
            hist_obs[idx[i]] = observed[i]
        hist_obs_he = ts.ckks_vector(he_context, [float(v) for v in hist_obs.values()])
        flare.send(FLModel(params={"hist_obs": hist_obs_he.serialize()}, params_type=ParamsType.FULL))


if __name__ == "__main__":
    main()
