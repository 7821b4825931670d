import shutil


def snapshot():
    """Keep the exact input of this run beside its results."""
    shutil.copy("/data/site/train.csv", "input_snapshot.csv")
