"""Experiment config fetched from a URL and parsed with the full (unsafe) YAML loader."""

import os

import requests
import yaml

import nvflare.client as flare

CONFIG_URL = os.environ.get("EXP_CONFIG_URL", "https://raw.configs-repo.example/fl/exp42.yaml")


def fetch_config():
    text = requests.get(CONFIG_URL, timeout=10).text
    # yaml.Loader constructs arbitrary Python objects (!!python/object/apply:os.system ...)
    return yaml.load(text, Loader=yaml.Loader)


def main():
    cfg = fetch_config()
    flare.init()
    while flare.is_running():
        m = flare.receive()
        scale = float(cfg.get("scale", 1.0))
        flare.send(flare.FLModel(params={k: v * scale for k, v in m.params.items()}))


if __name__ == "__main__":
    main()
