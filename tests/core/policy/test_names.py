"""Districts and categories' roster names are data of the year (issue 22, point 2).

A year that adds, renames or merges a district changes its document (``districts``, the
premiums' ``*_by_district``) and no code: the document loads, the CLI and the roster quote from
it; a district a year does not list is refused in Chinese with that year's choices; the ways a
roster may write a district or category come from the document.

The test document is the bundled 2025 document with, as a made-up next notice might say:
  - a district 新区 (id xinqu, roster alias 常州新区) where 非从业居民 pay 800 元/人;
  - 金坛区 renamed 金坛新城 (id jintan kept, alias 金坛 kept).
Expected amounts by hand from those lines and the 2025 notice (三、个人缴费标准):
  非从业居民 in 新区 800; in 武进区 880 (2025 notice); in 金坛新城 730 (2025 notice's 溧阳市、金坛区 730).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from desktop.cli import pack as packs_cli
from desktop.cli import roster as roster_cli
from desktop.cli.calculate import run_command
from desktop.cli.requests import InputError
from desktop.core import packs
from desktop.core.policy.loader import PolicyLoadError, PolicySet, parse_policy_text
from desktop.core.policy.names import district_ids, district_name
from desktop.core.roster import build_roster, detect_mapping, parse_category, parse_district, read_table
from desktop.resources import policy_dir
from tests.core.roster.test_roster import ID_A, ID_B, make_id

TODAY = dt.date(2025, 3, 1)
ID_C = make_id("32041219750606001")  # born 1975: 50 in 2025, 非从业居民 fits


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    base = tmp_path / "data"
    monkeypatch.setenv(packs.DATA_DIR_ENV, str(base))
    return base


def bundled_2025() -> dict[str, Any]:
    data = yaml.safe_load((policy_dir() / "2025.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def with_new_district(data: dict[str, Any]) -> dict[str, Any]:
    """2025 with 新区 added (800 for 非从业居民) and 金坛区 renamed 金坛新城, version 2025.7."""
    data["data_version"] = "2025.7"
    items = data["districts"]["items"]
    items.append({"id": "xinqu", "name": "新区", "aliases": ["常州新区"]})
    next(d for d in items if d["id"] == "jintan")["name"] = "金坛新城"
    ne = data["premiums"]["categories"]["non_employed"]
    ne["individual_by_district"]["xinqu"] = {
        "value": "800",
        "cite": "三、个人缴费标准",
        "quote": "“非从业居民”新区个人缴费 800 元/人;",
    }
    ne["medical_individual_by_district"]["xinqu"] = {
        "value": "770",
        "status": "interpretation",
        "cite": "三、个人缴费标准",
        "reason": "800 − 长护险30 = 770",
        "reading": 1,
    }
    for name in ("subsidy_by_district", "funding_by_district"):
        ne[name]["xinqu"] = {
            "value": None,
            "status": "not_stated",
            "cite": "三、个人缴费标准",
            "reason": "通知未给出新区的数值",
        }
    return data


def as_text(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def install(tmp_path: Path, data: dict[str, Any]) -> None:
    doc = tmp_path / "2025-新区.yaml"
    doc.write_text(as_text(data), encoding="utf-8")
    out = tmp_path / "2025-新区.czpack"
    assert packs_cli.main(["build", str(doc), "-o", str(out)]) == 0
    assert packs_cli.main(["install", "--allow-unconfirmed", str(out)]) == 0


def test_a_year_that_adds_and_renames_a_district_loads_with_no_code_change() -> None:
    policy = parse_policy_text(as_text(with_new_district(bundled_2025())), "2025-新区.yaml")
    assert district_ids(policy)[-1] == "xinqu"
    assert district_name(policy, "xinqu") == "新区"
    assert district_name(policy, "jintan") == "金坛新城"


def test_cli_quote_and_roster_answer_from_a_pack_with_a_new_district(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install(tmp_path, with_new_district(bundled_2025()))
    capsys.readouterr()
    # 非从业居民 in 新区 800 + in 武进区 880 = 1680.00
    quote = {
        "policy_year": 2025,
        "district": "xinqu",
        "members": [{"category": "non_employed"}, {"category": "non_employed", "district": "wujin"}],
    }
    answer = run_command("quote", quote, today=TODAY)
    assert answer["data_version"] == "2025.7"
    assert [m["individual"] for m in answer["members"]] == ["800.00", "880.00"]
    assert answer["total_individual"] == "1680.00"
    assert "新区" in json.dumps(answer, ensure_ascii=False)

    # the roster: 新区 800 + 常州新区 (the alias) 800 + 金坛新城 (renamed) 730 = 2330
    src = tmp_path / "r.csv"
    src.write_text(
        "户号,姓名,身份证号码,参保身份,所属区\n"
        f"H1,甲,{ID_A},非从业居民,新区\nH2,乙,{ID_B},非从业,常州新区\nH3,丙,{ID_C},非从业居民,金坛新城\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.xlsx"
    assert roster_cli.main([str(src), "--year", "2025", "-o", str(out)]) == 0, capsys.readouterr().err
    printed = capsys.readouterr().out
    assert "个人缴费合计 2,330.00 元" in printed, printed
    assert "新区:2 人" in printed and "金坛新城:1 人" in printed
    # --district takes the year's id or name
    assert roster_cli.main([str(src), "--year", "2025", "--district", "新区", "-o", str(out)]) == 0


def test_an_unknown_district_is_refused_in_chinese_with_the_years_choices(
    policies: PolicySet, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quote = {"policy_year": 2025, "members": [{"category": "non_employed", "district": "xinqu"}]}
    with pytest.raises(InputError) as caught:
        run_command("quote", quote, policies=policies, today=TODAY)
    (error,) = caught.value.errors
    assert error["field"] == "members[0].district"
    assert "xinqu" in error["message"] and "2025年度" in error["message"]
    assert "wujin(武进区)" in error["message"] and "jintan(金坛区)" in error["message"]

    src = tmp_path / "r.csv"
    src.write_text(f"户号,姓名,身份证号码,参保身份\nH1,甲,{ID_A},非从业居民\n", encoding="utf-8")
    assert roster_cli.main([str(src), "--year", "2025", "--district", "新区", "-o", str(tmp_path / "o.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "--district" in err and "“新区”不是2025年度的区(市)" in err and "liyang(溧阳市)" in err


def test_by_district_figures_must_name_a_district_of_the_year() -> None:
    data = with_new_district(bundled_2025())
    data["districts"]["items"] = [d for d in data["districts"]["items"] if d["id"] != "xinqu"]
    with pytest.raises(PolicyLoadError) as caught:
        parse_policy_text(as_text(data), "bad.yaml")
    text = str(caught.value)
    assert "bad.yaml" in text
    assert "premiums.categories.non_employed.individual_by_district 中的区“xinqu”不在 districts 列表中" in text


def test_one_name_cannot_mean_two_districts() -> None:
    data = bundled_2025()
    data["districts"]["items"][1]["aliases"] = ["武进"]  # 新北区 written 武进
    with pytest.raises(PolicyLoadError, match="“武进”同时指 wujin 和 xinbei"):
        parse_policy_text(as_text(data), "bad.yaml")


def test_roster_aliases_come_from_the_year() -> None:
    data = bundled_2025()
    wujin = data["districts"]["items"][0]
    assert wujin["id"] == "wujin"
    wujin["aliases"] = ["湖塘"]  # the year says rosters write 湖塘, and no longer 武进
    data["category_names"]["aliases"]["college_student"] = ["常大学生"]
    policy = parse_policy_text(as_text(data), "2025-aliases.yaml")
    assert parse_district(policy, "湖塘") == parse_district(policy, "武进区湖塘镇") == "wujin"
    assert parse_district(policy, "武进") is None
    assert parse_category(policy, "常大学生") == "college_student"
    assert parse_category(policy, "大学生") is None
    assert parse_category(policy, "高校大学生") == "college_student"  # the label (premiums.categories)


def test_roster_refuses_a_default_district_the_year_does_not_list(policies: PolicySet, tmp_path: Path) -> None:
    from desktop.core.roster import RosterReadError

    src = tmp_path / "r.csv"
    src.write_text(f"户号,姓名,身份证号码,参保身份\nH1,甲,{ID_A},非从业居民\n", encoding="utf-8")
    table = read_table(src)
    with pytest.raises(RosterReadError, match="默认所属区:所在区“xinqu”不是2025年度的区"):
        build_roster(policies[2025], table, detect_mapping(table.headers).mapping, default_district="xinqu")


def test_the_diff_shows_a_district_added_and_one_renamed(policies: PolicySet) -> None:
    from desktop.core.policy.diff import diff_years
    from desktop.core.policy.freeze import freeze

    new = freeze(parse_policy_text(as_text(with_new_district(bundled_2025())), "2025-新区.yaml"))
    rows = {c.path: c for c in diff_years(policies[2025], new)}
    added, renamed = rows["districts.xinqu"], rows["districts.jintan"]
    assert (added.kind, added.old, added.new, added.label) == ("added", None, "新区", "所在区(市) · 新区")
    assert (renamed.kind, renamed.old, renamed.new) == ("changed", "金坛区", "金坛新城")
    assert renamed.section == "所在区(市)" and renamed.new_citation is not None
    assert renamed.new_citation.source.startswith("2025年度通告")
    # and 新区's own premium shows as a new figure
    assert rows["premiums.categories.non_employed.individual_by_district.xinqu"].new == "800 元"
    assert not [c for c in diff_years(policies[2025], policies[2025]) if c.path.startswith("districts")]
