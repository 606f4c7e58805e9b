"""The base of the pre-validated policy types (desktop/core/policy/frozen.py), free of pydantic.

A record is a plain immutable object with a fixed list of fields, built from data the pydantic
models (desktop/core/policy/model/) have already validated: at build time for the bundled years,
at install for a policy pack. Nothing here checks a value; that is the models' job.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from desktop.core.policy.frozen import Figure, Notice, Reading


class Record:
    """Fields in ``_fields`` order, set once; equal when of the same type with equal fields."""

    # weak references: explain.cite keeps its citations per loaded year until the year is dropped
    __slots__ = ("__weakref__",)
    _fields: ClassVar[tuple[str, ...]] = ()
    #: the models' defaults, for a record made by name (a citation of a clause, a test)
    _defaults: ClassVar[dict[str, Any]] = {}
    _factories: ClassVar[dict[str, Any]] = {}

    def __init__(self, *values: Any, **named: Any) -> None:
        if named:
            if values:
                raise TypeError(f"{type(self).__name__}: give the fields by position or by name, not both")
            values = tuple(self._named(name, named) for name in self._fields)
            if named:
                raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(named))}")
        elif len(values) != len(self._fields):
            raise TypeError(f"{type(self).__name__} takes {len(self._fields)} fields, got {len(values)}")
        for name, value in zip(self._fields, values, strict=True):
            object.__setattr__(self, name, value)

    def _named(self, name: str, named: dict[str, Any]) -> Any:
        if name in named:
            return named.pop(name)
        if name in self._defaults:
            return self._defaults[name]
        if name in self._factories:
            return self._factories[name]()
        raise TypeError(f"{type(self).__name__} needs the field {name}")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def replace(self, **changes: Any) -> Any:
        """A copy with some fields changed (tests and templates; the loaded data never changes)."""
        unknown = set(changes) - set(self._fields)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        return type(self)(*(changes.get(name, getattr(self, name)) for name in self._fields))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.values() == other.values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.values()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({inner})"


class PolicyYearMethods:
    """What the pydantic PolicyYear offers besides its fields, for the frozen PolicyYear."""

    __slots__ = ()
    notice_id: str
    notices: tuple[Notice, ...]
    readings: tuple[Reading, ...]

    def reading(self, number: int | None) -> Reading | None:
        return next((r for r in self.readings if r.id == number), None) if number is not None else None

    def notice(self, figure: Figure) -> Notice:
        wanted = figure.notice or self.notice_id
        return next(n for n in self.notices if n.id == wanted)
