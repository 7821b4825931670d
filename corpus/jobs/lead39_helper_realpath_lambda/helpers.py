import os


def run_tag():
    return os.path.realpath(".")
