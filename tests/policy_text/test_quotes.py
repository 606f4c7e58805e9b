"""Quotes are quotes (issue 21, 18): every figure and reading of both bundled years quotes its
notice word for word, white space aside, and a paraphrase is never shown as the notice's words.

The notices themselves are not part of the product (the program never reads them). They sit
beside the repository, at ../shared/seeds/ (the file each year's ``notices:`` names). CI has them:
with the environment variable CI set, a missing folder FAILS this file; on a developer machine
without the folder it is skipped.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.core.policy import load_policies
from desktop.core.policy.quotes import normalise, occurs_in, quote_problems
from desktop.core.policy.snapshot import iter_figures

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
P = load_policies()
#: an amount, rate or count: in a clause reference it means the notice's words were condensed into it
AMOUNT = re.compile(r"\d+\s*(元|%|万|个)")


def _notice_texts() -> dict[str, str]:
    files = {n.id: n.file for year in P.years for n in P[year].notices}
    missing = [f for f in files.values() if not (SHARED / f).is_file()]
    if missing:
        where = ", ".join(str(SHARED / f) for f in missing)
        if os.environ.get("CI"):
            pytest.fail(f"the notices' texts are missing in CI: {where}")
        pytest.skip(f"the notices' texts are not on this machine: {where}")
    return {nid: (SHARED / f).read_text(encoding="utf-8") for nid, f in files.items()}


def test_normalising_drops_white_space_only():
    assert normalise("730 元/人\n") == "730元/人"
    assert occurs_in("“老年居民”个人缴费730元/人", "- “老年居民”个人缴费 730 元/人;")
    assert not occurs_in("老年居民个人缴费730元/人", "- “老年居民”个人缴费 730 元/人;")  # punctuation counts
    assert not occurs_in("   ", "anything")


def test_every_quote_of_both_years_stands_in_its_notice():
    texts = _notice_texts()
    for year in P.years:
        problems = quote_problems(P[year], texts)
        assert not problems, (year, [(p.path, p.quote[:40]) for p in problems])


def test_every_figure_quotes_its_notice_unless_the_notice_is_silent():
    for year in P.years:
        policy = P[year]
        bare = [path for path, f in iter_figures(policy) if not f.quote and f.status != "not_stated"]
        assert not bare, (year, bare)
        for r in policy.readings:
            assert r.quotes or r.note, (year, r.id)


def test_a_quote_is_never_the_clause_reference():
    # the clause names where; the quote gives the words: "居民医保政策介绍 二(五)3:按照自付40%…" was both
    for year in P.years:
        for path, f in iter_figures(P[year]):
            assert "…" not in f.cite and not AMOUNT.search(f.cite) and len(f.cite) <= 70, (year, path, f.cite)
            assert f.quote is None or "…" not in f.quote, (year, path)


def _forms(value: object) -> list[str]:
    """How the notices write a figure's number: 730 → 730; 0.90 → 90%; 350000 → 35万; 0.05 → 5个百分点."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return []
    n = Decimal(value)
    if isinstance(value, Decimal) and n <= 1 and n.as_tuple().exponent < 0:  # type: ignore[operator]
        pct = (n * 100).normalize()
        return [f"{pct:f}%", f"{pct:f}个百分点"]
    forms = [f"{n.normalize():f}"]
    if n >= 10000:
        forms += [f"{(n / 10000).normalize():f}万", f"{(n / 10000).normalize():f}"]
    return forms


def test_a_figure_stated_in_its_notice_quotes_its_number():
    # what a pack editor needs to find last year's figure in next year's notice
    checked = 0
    for year in P.years:
        for path, f in iter_figures(P[year]):
            forms = _forms(f.value)
            if f.status not in ("official", "carried_over") or not forms or path.endswith("min_continuous_years"):
                continue  # 满一年: the notice writes the number in words
            checked += 1
            quote = normalise(f.quote or "")
            assert any(form in quote for form in forms), (year, path, f.value, f.quote)
    assert checked > 80


def test_readings_quote_whole_sentences_where_they_are_the_only_context():
    for year in P.years:
        for r in P[year].readings:
            for q in r.quotes:
                # a sentence or a table's cells, never a cut-off fragment ending in "…" or a comma
                assert not q.quote.rstrip().endswith((",", "…", "、")), (year, r.id, q.quote)


def _bundled(year: int) -> dict:  # type: ignore[type-arg]
    import yaml

    from desktop.resources import policy_dir

    return yaml.safe_load((policy_dir() / f"{year}.yaml").read_text(encoding="utf-8"))


def test_a_document_written_before_quotes_still_loads_its_text_as_a_note():
    import yaml

    from desktop.core.policy.loader import parse_policy_text

    data = _bundled(2025)
    first = data["readings"][0]
    first.pop("quotes")
    first["notice_text"] = "2025年通告 三:“老年居民”个人缴费730元/人……"  # condensed, as older packs wrote it
    year = parse_policy_text(yaml.safe_dump(data, allow_unicode=True), "old.yaml")
    assert year.readings[0].quotes == () and year.readings[0].note == first["notice_text"]


def test_pack_check_wants_the_notice_words_of_an_official_figure():
    import yaml

    from desktop.core.packs.document import check_policy_text

    data = _bundled(2025)
    del data["premiums"]["categories"]["elderly"]["individual"]["quote"]
    _, problems = check_policy_text(yaml.safe_dump(data, allow_unicode=True), "2025.yaml")
    assert [p.field for p in problems] == ["premiums.categories.elderly.individual.quote"]
    assert "原句" in problems[0].message


def test_a_template_names_the_old_notice_on_every_quote_it_carries():
    import yaml

    from desktop.core.packs.template import make_template

    doc = yaml.safe_load(make_template(P[2025]))
    assert doc["notice_id"] == "n2026"
    for r in doc["readings"]:
        assert all(q["notice"] in ("n2024", "n2025") for q in r.get("quotes", [])), r["id"]
    individual = doc["premiums"]["categories"]["elderly"]["individual"]
    assert individual["notice"] == "n2025" and "730" in individual["quote"]
