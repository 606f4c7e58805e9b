"""The pre-validated form of a policy year: written after validation, read at start without pydantic.

A snapshot is UTF-8 text of two lines. The first is a JSON header::

    {"format": 1, "layout": "<sha256 of frozen.py's classes and fields>",
     "source_sha256": "<sha256 of the YAML document it was made from>",
     "body_sha256": "<sha256 of the second line>"}

The second is the year itself as JSON, every value tagged so it reads back exactly: a record is
``{"@": class name, "v": [fields in order]}``, a Decimal ``{"$d": "880.00"}`` (text, never a
float), a date ``{"$t": "2025-01-01"}``, a tuple ``{"$u": [...]}``, a mapping ``{"$m": [[key,
value], ...]}`` (keys keep their type: hospital levels are ints). Reading checks the layout (a
snapshot made by another version of the program is not used) and both hashes: a snapshot that
does not match the document it claims to come from, or whose body was changed, is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from desktop.core.policy import frozen
from desktop.core.policy.frozen import Figure, PolicyYear
from desktop.core.policy.record import Record

FORMAT = 1
SUFFIX = ".snapshot"


def _layout() -> str:
    text = ";".join(f"{name}:{','.join(cls._fields)}" for name, cls in frozen.CLASSES.items())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: changes whenever frozen.py's classes or their fields change
LAYOUT = _layout()


class SnapshotMismatch(Exception):
    """The snapshot was made by a program with other policy types, or from another document: remake it."""


class SnapshotDamaged(Exception):
    """The snapshot's body does not match its own hash: it was changed or not written completely."""


def _encode(obj: Any) -> Any:
    if isinstance(obj, Record):
        return {"@": type(obj).__name__, "v": [_encode(v) for v in obj.values()]}
    if isinstance(obj, Decimal):
        return {"$d": str(obj)}
    if isinstance(obj, dt.date):
        return {"$t": obj.isoformat()}
    if isinstance(obj, tuple):
        return {"$u": [_encode(v) for v in obj]}
    if isinstance(obj, dict):
        return {"$m": [[k, _encode(v)] for k, v in obj.items()]}
    if obj is None or isinstance(obj, (str, int, bool)):
        return obj
    raise TypeError(f"a snapshot cannot hold {type(obj).__name__}")


def _decode(tagged: dict[str, Any]) -> Any:
    # json calls this innermost first, so every value inside is already decoded
    if "@" in tagged:
        return frozen.CLASSES[tagged["@"]](*tagged["v"])
    if "$d" in tagged:
        return Decimal(tagged["$d"])
    if "$t" in tagged:
        return dt.date.fromisoformat(tagged["$t"])
    if "$u" in tagged:
        return tuple(tagged["$u"])
    if "$m" in tagged:
        return {k: v for k, v in tagged["$m"]}
    raise ValueError(f"unknown snapshot entry {sorted(tagged)}")


def dumps(policy: PolicyYear, source_sha256: str) -> bytes:
    """The snapshot of a validated (frozen) year made from the document with hash ``source_sha256``."""
    body = json.dumps(_encode(policy), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = {
        "format": FORMAT,
        "layout": LAYOUT,
        "source_sha256": source_sha256,
        "body_sha256": hashlib.sha256(body).hexdigest(),
    }
    return json.dumps(header, separators=(",", ":")).encode("ascii") + b"\n" + body


def loads(data: bytes, source_sha256: str) -> PolicyYear:
    """Read a snapshot of the document with hash ``source_sha256``.

    Raises SnapshotMismatch when it belongs to another document or another program version (the
    caller validates the document instead), SnapshotDamaged when its body fails its own hash.
    """
    head, sep, body = data.partition(b"\n")
    try:
        header = json.loads(head)
    except ValueError:
        raise SnapshotDamaged("header unreadable") from None
    if not sep or not isinstance(header, dict):
        raise SnapshotDamaged("header unreadable")
    if header.get("format") != FORMAT or header.get("layout") != LAYOUT:
        raise SnapshotMismatch("made by another version of the program")
    if header.get("source_sha256") != source_sha256:
        raise SnapshotMismatch("made from another document")
    if hashlib.sha256(body).hexdigest() != header.get("body_sha256"):
        raise SnapshotDamaged("body does not match its hash")
    try:
        policy = json.loads(body, object_hook=_decode)
    except (ValueError, KeyError, TypeError):
        raise SnapshotDamaged("body unreadable") from None
    if not isinstance(policy, PolicyYear):
        raise SnapshotDamaged("body is not a policy year")
    return policy


def plain(obj: Any) -> Any:
    """A frozen year as the plain data a policy document holds (Decimal as exact text, dates ISO)."""
    if isinstance(obj, Record):
        return {name: plain(getattr(obj, name)) for name in obj._fields}
    if isinstance(obj, dict):
        return {k: plain(v) for k, v in obj.items()}
    if isinstance(obj, tuple):
        return [plain(v) for v in obj]
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


def iter_figures(obj: Record, path: str = "") -> list[tuple[str, Figure]]:
    """Every figure of a frozen year with its dotted path, in document order (as model.iter_figures)."""
    found: list[tuple[str, Figure]] = []

    def walk(item: object, where: str) -> None:
        if isinstance(item, Figure):
            found.append((where, item))
        elif isinstance(item, Record):
            for name in item._fields:
                walk(getattr(item, name), f"{where}.{name}" if where else name)
        elif isinstance(item, dict):
            for key, val in item.items():
                walk(val, f"{where}.{key}")
        elif isinstance(item, tuple):
            for i, val in enumerate(item):
                walk(val, f"{where}[{i}]")

    walk(obj, path)
    return found
