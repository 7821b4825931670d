"""Warms the caches."""
import sys

argv = sys.argv
argv += ["--num_partitions", "60000"]
