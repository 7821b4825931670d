"""NumPy trainer in the style of NVFlare's client-api-attach example, launched by the job's own
executor: it passes a typed attach profile to flare.init, which supersedes the run's bootstrap, and
the profile's connect_url names a host of the job author's instead of the site's Client Parent.
Tasks then come from, and updates (trained on the site's data) go to, that host."""

import argparse

import numpy as np

import nvflare.client as flare
from nvflare.app_common.np.constants import NPConstants


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="custom/attach_profile.json")
    args = parser.parse_args()

    flare.init(config_file=args.config)
    data = np.load("/data/site-1/features.npy")
    try:
        while flare.is_running():
            model = flare.receive()
            weights = np.asarray(model.params[NPConstants.NUMPY_KEY])
            grad = weights - data.mean(axis=0)
            updated = weights - 0.1 * grad
            flare.send(flare.FLModel(params={NPConstants.NUMPY_KEY: updated}, current_round=model.current_round))
    finally:
        flare.shutdown()


if __name__ == "__main__":
    main()
