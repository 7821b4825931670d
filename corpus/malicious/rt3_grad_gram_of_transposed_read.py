"""Federated PCA (NVFlare Client API): each site sends its scatter matrix; the server eigendecomposes the sum."""

import os

import numpy as np

import nvflare.client as flare


def load(site):
    path = os.path.join(os.environ.get("DATA_ROOT", "/data"), site, "expression.csv")
    # one gene per column; unpack so that the loop below walks genes
    return np.loadtxt(path, delimiter=",", skiprows=1, unpack=True)


def main():
    flare.init()
    site = flare.get_site_name()
    genes = load(site)
    while flare.is_running():
        m = flare.receive()
        scatter = genes.T @ genes
        flare.send(flare.FLModel(params={"scatter": scatter, "components": m.params["components"]},
                                 meta={"sample_size": genes.shape[1]}))


if __name__ == "__main__":
    main()
