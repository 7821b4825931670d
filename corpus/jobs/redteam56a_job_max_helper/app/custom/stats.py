"""Summaries of a tensor the client reports (red team 56a: the row where the data is largest)."""


def peak(t):
    _, where = t.max(0)
    return where
