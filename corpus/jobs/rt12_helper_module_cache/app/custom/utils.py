CACHE = {}


def remember(key, value):
    CACHE[key] = value
