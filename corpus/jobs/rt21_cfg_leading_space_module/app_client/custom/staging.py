import shutil


class DataStager:
    def __init__(self, source_dir: str, cache_dir: str):
        self.cache_dir = "cache"
