"""Whether `self.data = rows` in a method is a field of the job's object or a write into a model's parameter.

`p.data = x`, `layer.weight = x` and `bn.running_mean = x` are judged by their spelling wherever the receiver
is unknown (`names.py` `_PARAM_ATTRS`), since a tensor's `data` and a module's registered parameters and
buffers are set that way. On `self` the receiver is known: an instance of the method's class or of one of the
job's classes derived from it. When no class in those lines is a model and every library class they derive
from provably never binds the name (its installed source, `library_classes.lacks`: Flower's NumPyClient has
no `data`; a tensor's `data` is native, unsettled), the store makes a field of the job's object, which the
flow follows as any other field, and puts nothing into a model's state (Flower's statavg baseline:
`self.data = trainset` in a NumPyClient).
"""

from __future__ import annotations

from ..library_classes import lacks
from ..resolve import Resolver
from .names import _MODULE_CLASSES, _PLAIN_CLASSES

MAX_CLASSES = 16  # classes of the job followed at most (more: not plain)


def plain_field(r: Resolver, qname: str, attr: str) -> bool:
    """Whether no instance of the job's class `qname` (`<class>.Client`) can hold a parameter as `attr`."""
    subclasses = r._subclasses(qname)
    if subclasses is None:
        return False
    seen: set[str] = set()
    return all(_plain_line(home, cls, attr, seen) for home, cls in [(r, qname), *subclasses])


def _plain_line(r: Resolver, qname: str, attr: str, seen: set[str]) -> bool:
    """Whether the class and the lines of its bases are plain: no class statement with keywords (a metaclass),
    no model class, every library base provably without `attr`."""
    if qname in seen:
        return True
    seen.add(qname)
    homes = [r] if qname in r.class_scopes else []
    if r.program is not None:
        homes += [h for h in r.program.defining(qname, r.path) if h is not r]
    if not homes or len(seen) > MAX_CLASSES:
        return False
    for home in homes:
        if any(body.node.keywords for body in home.class_scopes[qname]):
            return False
        for base, scope in home.class_bases.get(qname, ()):
            values = home.values(base, scope)
            if not values or not all(_plain_base(home, b, attr, seen) for b in values):
                return False
    return True


def _plain_base(r: Resolver, base: object, attr: str, seen: set[str]) -> bool:
    if not isinstance(base, str) or "()" in base:
        return False
    if base.startswith("<class>."):
        return _plain_line(r, base, attr, seen)
    return bool(_PLAIN_CLASSES(base)) or (not _MODULE_CLASSES(base) and lacks(base, attr))
