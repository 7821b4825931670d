import functools
import time

HISTORY = {}


def remember(key, value):
    HISTORY.setdefault(key, []).append(value)


def timed(fn):
    @functools.wraps(fn)
    def inner(*a, **k):
        start = time.time()
        out = fn(*a, **k)
        print(f"{fn.__name__} took {time.time() - start:.2f}s")
        return out
    return inner
