"""The pre-validated policy snapshot: the same years the models load, figure for figure, and refused when damaged."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from desktop.core import packs
from desktop.core.policy import model, snapshot
from desktop.core.policy.freeze import FROZEN_PATH, render_frozen_source
from desktop.core.policy.loader import (
    CACHE_ENV,
    load_policies,
    load_policy_file,
    parse_policy_text,
    snapshot_path,
    write_snapshot,
)
from desktop.core.policy.record import Record
from desktop.resources import policy_dir

ROOT = Path(__file__).resolve().parents[3]
BUNDLED = sorted(policy_dir().glob("*.yaml"))


def _validated(path: Path) -> model.PolicyYear:
    return parse_policy_text(path.read_text(encoding="utf-8"), str(path))


def _exact(value: Any) -> Any:
    """A value with its exact spelling: Decimal('880') and Decimal('880.00') differ on a slip."""
    if isinstance(value, Decimal):
        return ("Decimal", str(value))
    if isinstance(value, tuple):
        return tuple(_exact(v) for v in value)
    if isinstance(value, dict):
        return ("dict", tuple((_exact(k), _exact(v)) for k, v in value.items()))
    if isinstance(value, (BaseModel, Record)):
        fields = type(value).model_fields if isinstance(value, BaseModel) else value._fields
        return (type(value).__name__.split("[")[0], tuple((f, _exact(getattr(value, f))) for f in fields))
    return (type(value).__name__, value)


def test_frozen_types_are_generated_from_the_models() -> None:
    assert FROZEN_PATH.read_text(encoding="utf-8") == render_frozen_source(), (
        "desktop/core/policy/frozen.py is stale: run  python -m desktop.core.policy.freeze"
    )


def test_frozen_types_offer_the_models_methods() -> None:
    """A method added to a model (PolicyYear.reading, .notice) must exist on the frozen type too."""
    from desktop.core.policy import frozen
    from desktop.core.policy.freeze import model_classes

    for cls in model_classes():
        own = {n for n, v in vars(cls).items() if callable(v) and not n.startswith("_")}
        missing = sorted(n for n in own if not hasattr(frozen.CLASSES[cls.__name__], n))
        assert missing == [], f"frozen {cls.__name__} lacks {missing}: add them to desktop/core/policy/record.py"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_snapshot_equals_the_models_figure_for_figure(path: Path, tmp_path: Path) -> None:
    validated = _validated(path)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    loaded = load_policy_file(path).policy
    # and through a snapshot written and read back, as the executable and the cache hold it
    target = tmp_path / "year.snapshot"
    write_snapshot(target, loaded, sha)
    read_back = snapshot.loads(target.read_bytes(), sha)
    want = model.iter_figures(validated)
    assert len(want) > 100
    for year in (loaded, read_back):
        got = snapshot.iter_figures(year)
        assert [p for p, _ in got] == [p for p, _ in want]
        for (where, g), (_, w) in zip(got, want, strict=True):
            for name in model.Figure.model_fields:
                assert _exact(getattr(g, name)) == _exact(getattr(w, name)), f"{path.name} {where}.{name}"
        # and everything that is not a figure: labels, ids, eligibility groups, channels, flags
        assert _exact(year) == _exact(validated)
        assert _exact(year.notice(year.enrolment.collection_start)) == _exact(
            validated.notice(validated.enrolment.collection_start)
        )


def test_bundled_years_load_without_pydantic_or_yaml(tmp_path: Path) -> None:
    """From source: the first start validates and caches; the next one reads the cache only."""
    code = (
        "import sys, datetime as dt\n"
        "from desktop.core.packs import load_all\n"
        "r = load_all(dt.date(2025, 6, 1))\n"
        "print(r.policies.years, 'pydantic' in sys.modules, 'yaml' in sys.modules)\n"
    )
    env = {"CZDESK_DATA_DIR": str(tmp_path), "CZDESK_CACHE_DIR": str(tmp_path / "cache")}
    env.update(PYTHONPATH=str(ROOT), PATH="/usr/bin:/bin")
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.split("True")[0].strip() == "(2024, 2025)"  # validated: pydantic was needed
    assert "True" in first.stdout
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert second.stdout.strip() == "(2024, 2025) False False", second.stderr


def _damage_body(path: Path) -> None:
    head, body = path.read_bytes().split(b"\n", 1)
    assert b'"730"' in body  # the 2025 elderly premium, now changed without updating the hash
    path.write_bytes(head + b"\n" + body.replace(b'"730"', b'"1"', 1))


def test_damaged_or_stale_snapshot_beside_a_document_is_not_used(tmp_path: Path) -> None:
    doc = tmp_path / "2025.yaml"
    doc.write_bytes((ROOT / "policy_data" / "2025.yaml").read_bytes())
    good = load_policy_file(doc).policy
    beside = snapshot_path(doc)
    write_snapshot(beside, good, hashlib.sha256(doc.read_bytes()).hexdigest())
    _damage_body(beside)
    with pytest.raises(snapshot.SnapshotDamaged):
        snapshot.loads(beside.read_bytes(), hashlib.sha256(doc.read_bytes()).hexdigest())
    # the document is the authority: a damaged snapshot beside it is ignored, the document validated
    assert load_policy_file(doc).policy == good
    # a snapshot of another document (the YAML was edited after the snapshot was made) is not used
    write_snapshot(beside, good, hashlib.sha256(doc.read_bytes()).hexdigest())
    edited = doc.read_text(encoding="utf-8").replace('data_version: "2025.1"', 'data_version: "2025.7"', 1)
    assert edited != doc.read_text(encoding="utf-8")
    doc.write_text(edited, encoding="utf-8")
    assert load_policy_file(doc).policy.data_version == "2025.7"


def test_snapshot_of_another_program_version_is_remade(tmp_path: Path) -> None:
    doc = ROOT / "policy_data" / "2025.yaml"
    sha = hashlib.sha256(doc.read_bytes()).hexdigest()
    data = snapshot.dumps(load_policy_file(doc).policy, sha)
    head, body = data.split(b"\n", 1)
    header = json.loads(head)
    header["layout"] = "0" * 64
    with pytest.raises(snapshot.SnapshotMismatch):
        snapshot.loads(json.dumps(header).encode() + b"\n" + body, sha)
    with pytest.raises(snapshot.SnapshotMismatch):
        snapshot.loads(data, "f" * 64)


# ---------------------------------------------------------------- installed packs


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A 2026 pack installed into a fresh data folder; returns the pack's folder."""
    from tests.core.packs.test_packs import fake_year

    base = tmp_path / "userdata"
    monkeypatch.setenv(packs.DATA_DIR_ENV, str(base))
    doc = tmp_path / "2026.yaml"
    doc.write_text(packs.policy_to_yaml(fake_year(load_policies()[2025], 2026, "2026.1")), encoding="utf-8")
    pack = packs.build_pack(doc, tmp_path / "2026.czpack", notice_title="关于2026年度居民医保参保缴费的通告(测试)")
    return packs.install(pack).path


def test_installed_pack_keeps_its_stored_form_and_loads_from_it(installed: Path) -> None:
    stored = installed / packs.STORED_NAME
    assert stored.is_file()
    result = packs.load_all(dt.date(2026, 6, 1))
    assert result.problems == ()
    year = result.policies[2026]
    assert year.premiums.categories["elderly"].individual.value == Decimal("760")
    # figure for figure what the models make of the installed document
    validated = _validated(installed / packs.POLICY_NAME)
    assert _exact(year) == _exact(validated)


def test_installed_pack_whose_stored_form_was_changed_is_refused(installed: Path) -> None:
    stored = installed / packs.STORED_NAME
    head, body = stored.read_bytes().split(b"\n", 1)
    assert b'"760"' in body
    stored.write_bytes(head + b"\n" + body.replace(b'"760"', b'"1"', 1))
    result = packs.load_all(dt.date(2026, 6, 1))
    assert 2026 not in result.policies
    assert [p.message for p in result.problems] == [f"政策包已跳过:{packs.TAMPERED}"]


def test_installed_pack_from_an_older_program_is_validated_once_and_stored(installed: Path) -> None:
    stored = installed / packs.STORED_NAME
    stored.unlink()  # as a pack installed before stored forms existed
    assert packs.load_all(dt.date(2026, 6, 1)).policies[2026].data_version == "2026.1"
    assert stored.is_file()
    sha = json.loads((installed / packs.MANIFEST_NAME).read_text(encoding="utf-8"))["sha256"]
    assert snapshot.loads(stored.read_bytes(), sha).policy_year == 2026


def test_window_start_with_a_pack_installed_imports_no_pydantic(installed: Path) -> None:
    code = (
        "import sys, datetime as dt\n"
        "from desktop.core.packs import load_all\n"
        "r = load_all(dt.date(2026, 6, 1))\n"
        "print(r.policies.years, len(r.problems), 'pydantic' in sys.modules, 'yaml' in sys.modules)\n"
    )
    import os

    env = {"CZDESK_DATA_DIR": os.environ[packs.DATA_DIR_ENV], "CZDESK_CACHE_DIR": os.environ[CACHE_ENV]}
    env.update(PYTHONPATH=str(ROOT), PATH="/usr/bin:/bin")
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # warm cache
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "(2024, 2025, 2026) 0 False False", out.stderr
