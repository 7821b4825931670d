"""Federated Kaplan-Meier: each site sends event and censoring histograms over time, never its rows."""
import argparse
import os

import pandas as pd
from lifelines import KaplanMeierFitter
from lifelines.utils import survival_table_from_events

import nvflare.client as flare
from nvflare.app_common.abstract.fl_model import FLModel, ParamsType


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data_root", default=os.environ.get("DATA_ROOT", "/data/km"))
    args = parser.parse_args()
    flare.init()
    site = flare.get_site_name()
    data = pd.read_csv(os.path.join(args.data_root, f"{site}.csv"))
    event_local, time_local = data["event"], data["time"]
    print(f"{site}: {len(data)} subjects, {int(event_local.sum())} events")

    while flare.is_running():
        msg = flare.receive()
        if msg.current_round == 1:
            table = survival_table_from_events(time_local, event_local)
            idx = table.index.values.astype(int)
            observed = table["observed"].to_numpy()
            censored = table["censored"].to_numpy()
            hist_obs = {i: 0 for i in range(max(idx) + 1)}
            hist_cen = {i: 0 for i in range(max(idx) + 1)}
            for i in range(len(idx)):
                hist_obs[idx[i]] = int(observed[i])
                hist_cen[idx[i]] = int(censored[i])
            flare.send(FLModel(params={"hist_obs": hist_obs, "hist_cen": hist_cen}, params_type=ParamsType.FULL))
        else:
            kmf = KaplanMeierFitter()
            obs, cen = msg.params["hist_obs_global"], msg.params["hist_cen_global"]
            print(f"global histograms over {len(obs)} time points")
            kmf.fit(durations=list(range(len(obs))), event_observed=[1 if o else 0 for o in obs])
            flare.send(FLModel(params={}, params_type=ParamsType.FULL))


if __name__ == "__main__":
    main()
