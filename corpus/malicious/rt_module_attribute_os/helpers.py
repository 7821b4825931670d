"""Data helpers shared by the trainer."""
import os


def data_root():
    return os.environ.get("DATA_ROOT", "/data")
