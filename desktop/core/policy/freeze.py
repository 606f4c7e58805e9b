"""From the pydantic models to the pre-validated snapshot: the types, and each validated year.

The pydantic models in the ``model`` package stay the one definition of a policy year. This module
derives from them

* the source of ``frozen.py``, plain immutable classes with the same names and fields, which
  the window and the calculations use (``python -m desktop.core.policy.freeze`` rewrites it;
  tests/core/policy/test_snapshot.py fails when it is stale), and
* :func:`freeze`, which turns a validated :class:`model.PolicyYear` into those classes.

Only code that validates imports this module (build, pack install, the loader's slow path,
tests): it imports pydantic.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import types
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from desktop.core.policy import frozen, kinds, model
from desktop.core.policy.model import benefits, enrolment, figures, names, premiums, year

#: the modules of the model package in document order: frozen.py defines the classes in this order
MODEL_MODULES = (figures, names, premiums, enrolment, benefits, year)

FROZEN_PATH = Path(__file__).with_name("frozen.py")

#: methods the frozen class takes from a mixin in record.py, by class name
MIXINS = {"PolicyYear": "PolicyYearMethods"}


def model_classes() -> list[type[BaseModel]]:
    """The named model classes of a policy year, in the order the model's modules define them."""
    found = []
    for module in MODEL_MODULES:
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, BaseModel)
                and value.__module__ == module.__name__
                and value is not model.Frozen
                and "[" not in value.__name__
            ):
                found.append(value)
    return found


def _frozen_name(cls: type) -> str:
    """A parametrised generic figure (``Figure[tuple[Band, ...]]``) is a plain Figure when frozen."""
    if issubclass(cls, model.Figure) and "[" in cls.__name__:
        return "Figure"
    return cls.__name__


_KIND_NAMES = {
    typing.get_args(alias): name for name, alias in vars(kinds).items() if typing.get_origin(alias) is typing.Literal
}


def render_type(tp: Any) -> str:
    """A field's annotation as source text for frozen.py (constraints dropped: the data is validated)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        return render_type(args[0])
    if origin is typing.Literal:
        return _KIND_NAMES.get(args, "Literal[" + ", ".join(json.dumps(a) for a in args) + "]")
    if origin in (typing.Union, types.UnionType):
        return " | ".join(render_type(a) for a in args)
    if origin is dict:
        return f"dict[{render_type(args[0])}, {render_type(args[1])}]"
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return f"tuple[{render_type(args[0])}, ...]"
        return f"tuple[{', '.join(render_type(a) for a in args)}]"
    if tp is type(None):
        return "None"
    if tp is Decimal:
        return "Decimal"
    if tp is dt.date:
        return "dt.date"
    if isinstance(tp, typing.TypeVar):
        return "Any"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return _frozen_name(tp)
    if tp in (int, str, bool):
        return tp.__name__
    raise TypeError(f"frozen.py cannot render the annotation {tp!r}")


HEADER = '''"""Pre-validated policy types: GENERATED from desktop/core/policy/model/, do not edit.

Regenerate with ``python -m desktop.core.policy.freeze``; tests/core/policy/test_snapshot.py fails when this
file no longer matches the models. Same class names and fields as the pydantic models, none of
their checks: objects of these classes are only made from data the models have validated
(desktop/core/policy/snapshot.py). Importing this module does not import pydantic.

Longer than 400 lines because it is generated, not written: one class per model class, nothing
to read here that the models do not say. Split by hand it would go stale; the models are split.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import {typing_names}

from desktop.core.policy.kinds import {kind_names}
from desktop.core.policy.record import PolicyYearMethods, Record
'''


def _slots(fields: tuple[str, ...]) -> str:
    if len(fields) == 1:
        return f'    __slots__ = ("{fields[0]}",)'
    return "    __slots__ = (\n" + "".join(f'        "{f}",\n' for f in fields) + "    )"


def _defaults(cls: type[BaseModel]) -> list[str]:
    defaults, factories = {}, {}
    for name, info in cls.model_fields.items():
        if info.default_factory is not None:
            factories[name] = info.default_factory.__name__  # type: ignore[union-attr]
        elif not info.is_required():
            defaults[name] = repr(info.default).replace("'", '"')
    lines = []
    for attr, table in (("_defaults", defaults), ("_factories", factories)):
        if len(table) == 1:
            ((k, v),) = table.items()
            lines.append(f'    {attr}: ClassVar[dict[str, Any]] = {{"{k}": {v}}}')
        elif table:
            lines.append(f"    {attr}: ClassVar[dict[str, Any]] = {{")
            lines.extend(f'        "{k}": {v},' for k, v in table.items())
            lines.append("    }")
    return lines


def render_frozen_source() -> str:
    figure_fields = tuple(model.Figure.model_fields)
    parts = []
    names = []
    for cls in model_classes():
        name = cls.__name__
        names.append(name)
        fields = tuple(cls.model_fields)
        doc = (cls.__doc__ or "").strip().splitlines()
        if issubclass(cls, model.Figure) and cls is not model.Figure:
            if fields != figure_fields:
                raise TypeError(f"{name} adds fields to Figure; frozen.py cannot express that")
            value = render_type(cls.model_fields["value"].annotation)
            parts.append(f"\n\nclass {name}(Figure):\n    __slots__ = ()\n    value: {value}\n")
            continue
        bases = "Record" + (f", {MIXINS[name]}" if name in MIXINS else "")
        lines = [f"\n\nclass {name}({bases}):"]
        if doc:
            lines.append(f'    """{doc[0]}"""\n')
        lines.append(_slots(fields))
        lines.append("    _fields: ClassVar[tuple[str, ...]] = __slots__")
        lines.extend(_defaults(cls))
        for field_name, info in cls.model_fields.items():
            lines.append(f"    {field_name}: {render_type(info.annotation)}")
        parts.append("\n".join(lines) + "\n")
    parts.append("\n\nCLASSES: dict[str, type[Record]] = {\n" + "".join(f'    "{n}": {n},\n' for n in names) + "}\n")
    body = "".join(parts)
    used_kinds = sorted((n for n in _KIND_NAMES.values() if re.search(rf"\b{n}\b", body)), key=str.lower)
    used_typing = [n for n in ("Any", "ClassVar", "Literal") if re.search(rf"\b{n}\b", body)]
    if len(used_kinds) > 3:
        kind_names = "(\n" + "".join(f"    {n},\n" for n in used_kinds) + ")"
    else:
        kind_names = ", ".join(used_kinds)
    return HEADER.format(typing_names=", ".join(used_typing), kind_names=kind_names) + body


def freeze(obj: Any) -> Any:
    """A validated model (or anything inside one) as the frozen classes; values are shared, not copied."""
    if isinstance(obj, BaseModel):
        cls = frozen.CLASSES[_frozen_name(type(obj))]
        return cls(*(freeze(getattr(obj, name)) for name in cls._fields))
    if isinstance(obj, dict):
        return {key: freeze(value) for key, value in obj.items()}
    if isinstance(obj, tuple):
        return tuple(freeze(value) for value in obj)
    return obj


def thaw(obj: Any) -> model.PolicyYear:
    """A frozen year validated again by the models (a template or a test wants pydantic's copy)."""
    from desktop.core.policy.snapshot import plain

    return model.PolicyYear.model_validate(plain(obj))


def main() -> int:
    text = render_frozen_source()
    if FROZEN_PATH.read_text(encoding="utf-8") == text:
        print(f"{FROZEN_PATH.name} is up to date")
        return 0
    FROZEN_PATH.write_text(text, encoding="utf-8")
    print(f"rewrote {FROZEN_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
