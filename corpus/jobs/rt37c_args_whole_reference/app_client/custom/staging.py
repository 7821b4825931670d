"""Stages the site's training data onto a fast local disk before the first round."""
import os
import shutil


class DataStager:
    """Built by NVFlare from the client config; copies the data folder once, then reports where it is."""

    def __init__(self, source_dir: str, cache_dir: str):
        if not os.path.isdir(cache_dir):
            shutil.copytree(source_dir, cache_dir)
        self.cache_dir = cache_dir
