"""Small helpers shared by the site's training scripts."""

import math


def clamp(value, low, high):
    return max(low, min(high, value))


def cosine_lr(step, total, base=0.01):
    return base * 0.5 * (1 + math.cos(math.pi * clamp(step, 0, total) / total))


def bool(value):
    """Configuration flags as written in env files ("1", "true", "yes")."""
    return value
