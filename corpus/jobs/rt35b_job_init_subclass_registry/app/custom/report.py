"""Round reports: each report class registers itself with what it summarises."""

REGISTRY = {}


class SiteReport:
    def __init_subclass__(cls, summary=None):
        REGISTRY[cls.__name__] = summary
