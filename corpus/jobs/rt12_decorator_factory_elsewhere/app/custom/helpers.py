import functools


def tagged(extra):
    def deco(fn):
        @functools.wraps(fn)
        def inner(*a, **k):
            out = fn(*a, **k)
            out.meta.update(extra())
            return out
        return inner
    return deco
