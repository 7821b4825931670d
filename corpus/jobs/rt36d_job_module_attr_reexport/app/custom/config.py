"""Settings and shared values."""
from stats import preview

LEARNING_RATE = 0.01
