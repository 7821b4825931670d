"""Schema: the configuration's classes, plain at run time, validated by pydantic when read.

The policy, the rule packs, the catalogue, the lists and the flow vocabulary are written as pydantic
models (`class Rule(Model)` with pydantic's `Field`, `PrivateAttr`, `field_validator`, `model_validator`
from here), but a start whose configuration is compiled (analyzer/engine/compiled.py) validates nothing: it
unpickles objects of these classes. Importing pydantic and building its models was a tenth of a small
job's scan, spent only to name the classes those objects are instances of. So each class is plain: its
body's pydantic parts are kept aside, and the first time a document is validated (a cache miss, a
site's files, a test) the class's pydantic twin is built from that same body, with the same fields,
constraints, validators and configuration, validates the document exactly as the class did when it was a
pydantic model (same errors: pydantic.ValidationError), and what it makes is copied into the plain class.

A plain instance has the attributes the twin had (fields and private attributes), `model_fields_set`,
`model_dump`, `model_copy`, and the equality, hash and repr of a frozen pydantic model.
"""

from __future__ import annotations

import sys
from typing import Any

ConfigDict = dict  # pydantic's ConfigDict is a TypedDict: a plain dict is one


class _Deferred:
    """A call of one of pydantic's helpers in a class body (`Field(min_length=1)`, a validator on its
    function), made when the class's twin is."""

    __slots__ = ("helper", "args", "kwargs", "func")

    def __init__(self, helper: str, args: tuple, kwargs: dict, func: Any = None):
        self.helper, self.args, self.kwargs, self.func = helper, args, kwargs, func

    def __call__(self, func: Any) -> _Deferred:  # a validator decorating its function
        return _Deferred(self.helper, self.args, self.kwargs, func)

    def made(self) -> Any:
        import pydantic

        kwargs = {k: _twin_of(v) for k, v in self.kwargs.items()}  # default_factory=Limits: the twin's
        made = getattr(pydantic, self.helper)(*self.args, **kwargs)
        return made(self.func) if self.func is not None else made


class _Helper:
    """Stands for pydantic's helper of that name in a class body and in its (string) annotations."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, *args: Any, **kwargs: Any) -> _Deferred:
        return _Deferred(self.name, args, kwargs)


Field = _Helper("Field")
PrivateAttr = _Helper("PrivateAttr")
field_validator = _Helper("field_validator")
model_validator = _Helper("model_validator")

# Kept on the plain class by the class machinery, never copied to the twin.
_OWN = frozenset({"__dict__", "__weakref__", "_definition", "_fields", "_twin_class"})


class Model:
    """Base of the configuration's classes (see the module's docstring)."""

    _definition: dict[str, Any] = {}
    _fields: tuple[str, ...] = ()  # every field, the bases' first, as pydantic orders them

    def __init_subclass__(cls, **kwargs: Any):
        super().__init_subclass__(**kwargs)
        cls._definition = dict(vars(cls))
        annotated = [n for base in reversed(cls.__mro__) for n in vars(base).get("__annotations__", {})]
        cls._fields = tuple(dict.fromkeys(n for n in annotated if not n.startswith("_")))
        for name, value in cls._definition.items():
            if isinstance(value, _Deferred):  # a private attribute keeps its default; the rest is the twin's
                if value.helper == "PrivateAttr":
                    setattr(cls, name, value.kwargs.get("default"))
                else:
                    delattr(cls, name)

    def __init__(self, **data: Any):
        """Validated as the pydantic model would be (pydantic is imported for it)."""
        self.__dict__.update(_plain(self._twin()(**_contents(data, _as_twin))).__dict__)

    @classmethod
    def model_validate(cls, obj: Any, *, context: Any = None) -> Any:
        return _plain(cls._twin().model_validate(_contents(obj, _as_twin), context=context))

    @classmethod
    def _twin(cls) -> type:
        """The pydantic model of this class's body, built when first asked for."""
        twin = cls.__dict__.get("_twin_class")
        if twin is None:
            import pydantic

            module = vars(sys.modules[cls.__module__])
            names = _TwinNames(module)
            namespace = {k: v.made() if isinstance(v, _Deferred) else v
                         for k, v in cls._definition.items() if k not in _OWN}
            namespace["__annotations__"] = {k: eval(v, module, names) if isinstance(v, str) else v  # noqa: S307
                                            for k, v in cls._definition.get("__annotations__", {}).items()}
            bases = tuple(b._twin() if b is not Model and issubclass(b, Model) else pydantic.BaseModel
                          for b in cls.__bases__)
            twin = type(pydantic.BaseModel)(cls.__name__, bases, namespace)
            _PLAIN[twin] = cls
            cls._twin_class = twin
        return twin

    def _values(self) -> tuple:
        return tuple(self.__dict__[name] for name in self._fields)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self._fields:
            raise TypeError(f"{type(self).__name__} is frozen: {name} cannot be assigned")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if name in self._fields:
            raise TypeError(f"{type(self).__name__} is frozen: {name} cannot be deleted")
        object.__delattr__(self, name)

    def __eq__(self, other: object) -> bool:  # pydantic's: the same class, fields and private attributes
        return type(other) is type(self) and _state(other) == _state(self)

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={self.__dict__[n]!r}' for n in self._fields)})"

    def model_dump(self) -> dict[str, Any]:
        """The fields as pydantic's model_dump gives them: a configuration object as a dict, containers copied."""
        return {name: _contents(self.__dict__[name], _dumped) for name in self._fields}

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Any:
        """A shallow copy with `update`'s fields replaced, unvalidated, as pydantic's model_copy."""
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__, **(update or {}), model_fields_set=self.model_fields_set | set(update or ()))
        return copy


def _state(model: Model) -> dict[str, Any]:
    return {k: v for k, v in model.__dict__.items() if k != "model_fields_set"}


_PLAIN: dict[type, type] = {}  # twin -> its plain class


class _TwinNames(dict):
    """A module's names as a twin's annotations read them: a configuration class is its twin,
    a helper pydantic's own (`Annotated[int, Field(strict=True)]`)."""

    def __init__(self, module: dict[str, Any]):
        super().__init__()
        self.module = module

    def __missing__(self, name: str) -> Any:
        return _twin_of(self.module[name])  # KeyError: a builtin, looked up by eval after these


def _twin_of(value: Any) -> Any:
    if isinstance(value, type) and issubclass(value, Model) and value is not Model:
        return value._twin()
    if isinstance(value, _Helper):
        import pydantic

        return getattr(pydantic, value.name)
    return value


def _contents(value: Any, each: Any) -> Any:
    """`each` of a value, or of every item of a tuple, list or dict (copied)."""
    if type(value) is tuple:
        return tuple(_contents(v, each) for v in value)
    if type(value) is list:
        return [_contents(v, each) for v in value]
    if type(value) is dict:
        return {k: _contents(v, each) for k, v in value.items()}
    return each(value)


def _plain(value: Any) -> Any:
    """What a twin made, as the plain classes' objects (everything else kept)."""
    cls = _PLAIN.get(type(value))
    if cls is None:
        return value
    made = object.__new__(cls)
    made.__dict__.update({k: _contents(v, _plain) for k, v in value.__dict__.items()},
                         **(value.__pydantic_private__ or {}), model_fields_set=set(value.model_fields_set))
    return made


def _as_twin(value: Any) -> Any:
    """A plain object as its twin's instance, unvalidated (it was validated when made), as pydantic takes an
    instance of a field's model: `NameList(entries=(Entry(...),))` given the plain Entry objects."""
    if not isinstance(value, Model):
        return value
    fields = {name: value.__dict__[name] for name in value._fields}
    made = value._twin().model_construct(_fields_set=set(value.model_fields_set), **fields)
    private = {k: v for k, v in _state(value).items() if k not in fields}
    if private:
        made.__pydantic_private__ = {**(made.__pydantic_private__ or {}), **private}
    return made


def _dumped(value: Any) -> Any:
    return value.model_dump() if isinstance(value, Model) else value


def __getattr__(name: str) -> Any:
    """`schema.ValidationError` is pydantic's, imported when an `except` clause first asks for it."""
    if name == "ValidationError":
        import pydantic

        return pydantic.ValidationError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
