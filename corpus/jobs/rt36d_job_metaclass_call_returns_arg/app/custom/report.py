"""A round report."""


class _Meta(type):
    def __call__(cls, payload):
        return type("R", (), {"kind": payload})


class RoundReport(metaclass=_Meta):
    kind = "summary"

    def __init__(self, payload):
        pass
