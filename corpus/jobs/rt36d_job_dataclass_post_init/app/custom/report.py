"""A round report."""
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Report:
    frame: Any = field(repr=False)
    n: Any = 0

    def __post_init__(self):
        self.n = self.frame.head(20).to_dict("records")
