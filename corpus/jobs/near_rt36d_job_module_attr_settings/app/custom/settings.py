"""Settings of the local training."""
import os

DATA_ROOT = os.environ.get("DATA_ROOT", "/data")
LEARNING_RATE = 0.01
LOCAL_STEPS = 5
