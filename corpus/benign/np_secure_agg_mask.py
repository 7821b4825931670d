"""Pairwise additive masking for a toy secure-aggregation experiment.

Each pair of sites derives the same mask from a shared seed; masks cancel in the
server-side sum, so the server never sees one site's unmasked update.
"""

import hashlib
import itertools
import logging

import numpy as np

log = logging.getLogger("secagg")


def pair_seed(site_a: str, site_b: str, round_num: int, shared_secret: bytes) -> int:
    lo, hi = sorted([site_a, site_b])
    h = hashlib.sha256(shared_secret + f"{lo}|{hi}|{round_num}".encode()).digest()
    return int.from_bytes(h[:8], "big")


def mask_for(site: str, all_sites, shape, round_num: int, shared_secret: bytes) -> np.ndarray:
    mask = np.zeros(shape, dtype=np.float64)
    for other in all_sites:
        if other == site:
            continue
        rng = np.random.default_rng(pair_seed(site, other, round_num, shared_secret))
        noise = rng.normal(0.0, 1.0, size=shape)
        mask += noise if site < other else -noise
    return mask


def apply_masks(update: dict, site: str, all_sites, round_num: int, shared_secret: bytes) -> dict:
    masked = {}
    for name, arr in update.items():
        arr = np.asarray(arr, dtype=np.float64)
        masked[name] = arr + mask_for(site, all_sites, arr.shape, round_num, shared_secret)
    log.debug("masked %d tensors for %s in round %d", len(masked), site, round_num)
    return masked


def self_check(sites=("site-1", "site-2", "site-3"), shape=(4, 3)):
    secret = b"unit-test-secret"
    rng = np.random.default_rng(0)
    updates = {s: {"w": rng.normal(size=shape)} for s in sites}
    masked_sum = sum(apply_masks(updates[s], s, sites, 0, secret)["w"] for s in sites)
    plain_sum = sum(updates[s]["w"] for s in sites)
    assert np.allclose(masked_sum, plain_sum), "masks did not cancel"
    for a, b in itertools.combinations(sites, 2):
        assert pair_seed(a, b, 0, secret) == pair_seed(b, a, 0, secret)
    return True


if __name__ == "__main__":
    logging.basicConfig(level=logging.DEBUG)
    print("self check:", self_check())
