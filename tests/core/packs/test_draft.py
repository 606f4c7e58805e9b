"""The policy officer's draft (desktop/core/packs/draft.py), headless: from the bundled 2024 year and
the 2025 notice's text to pack 2025.9, every row confirmed, built, installed in a fresh data folder,
and every golden case of 2025 answers as with the bundled 2025.1."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from desktop.core import packs
from desktop.core.packs import draft as drafts
from desktop.core.packs.draft import ITEM, OMITTED, QUOTE_NOT_IN_NOTICE, Draft, clause_for
from desktop.core.policy.loader import PolicySet
from desktop.core.policy.quotes import occurs_in
from desktop.core.policy.snapshot import iter_figures

ROOT = Path(__file__).resolve().parents[3]
NOTICE_2025 = ROOT.parent / "shared" / "seeds" / "000_cc822a5554eeeeca.txt"
CASES = ROOT / "tests" / "cases"


def _notice_text() -> str:
    if not NOTICE_2025.exists():
        pytest.skip("the 2025 notice's text is not beside the repository (../shared/seeds)")
    return NOTICE_2025.read_text(encoding="utf-8")


def _as_2025(draft: Draft, policies: PolicySet) -> int:
    """What the officer does row by row, with the bundled 2025 year as the answer sheet: keep a
    proposal that is right, otherwise type the 2025 figure; returns how many proposals were kept."""
    target = policies[2025]
    figures = dict(iter_figures(target))
    plain = yaml.safe_load((ROOT / "policy_data" / "2025.yaml").read_text(encoding="utf-8"))
    kept = 0
    # the 2025 notice lists reminders the 2024 one did not: the officer adds rows for them
    for path in figures:
        if path not in {r.path for r in draft.rows} and path.endswith("]"):
            head = path[: path.rfind("[")]
            last = [r for r in draft.rows if r.path.startswith(head + "[")][-1]
            draft.add_list_item(last)
    for row in draft.rows:
        if row.kind.startswith(ITEM):
            wanted = drafts._get(plain, row.path)
            draft.edit(row, value=drafts._value_text(wanted, row.kind[len(ITEM) :]))
            draft.confirm(row)
            continue
        fig = figures.get(row.path)
        if fig is None:
            draft.set_status(row, OMITTED)
            draft.confirm(row)
            continue
        wanted_text = drafts._value_text(drafts._plain_of(fig.value), row.kind)
        # the value is what is compared (2025 reads 普通门诊's bands as 解读 4, from the table the finder reads)
        if row.found and fig.value is not None and row.status == "official":
            same = drafts.parse_value(row.proposed or "", row.kind) == drafts.parse_value(wanted_text, row.kind)
            kept += same
        draft.edit(
            row,
            value=wanted_text if fig.value is not None else "",
            status=fig.status,
            clause=fig.cite,
            quote=fig.quote or "",
            reason=fig.reason or "",
            notice=fig.notice,
            reading=fig.reading,
            carried_from=fig.carried_from,
            outside_source=fig.outside_source or "",
        )
        draft.confirm(row)
    # readings: 2025's own, the rest dropped
    wanted_readings = {r.id: r for r in target.readings}
    for reading in list(draft.readings):
        if reading["id"] not in wanted_readings:
            draft.drop_reading(reading["id"])
    for number, r in wanted_readings.items():
        draft.set_reading(
            number,
            title=r.title,
            quotes=[{"notice": q.notice, "clause": q.clause, "quote": q.quote} for q in r.quotes],
            note=r.note or "",
            reading=r.reading,
            alternatives=list(r.alternatives),
            depends_on=list(r.depends_on),
        )
    for row in draft.rows:
        draft.confirm(row)  # setting a reading asks for its figures to be confirmed again
    own = next(n for n in target.notices if n.id == target.notice_id)
    draft.notice.update(title=own.title, issuer=own.issuer, issued=own.issued.isoformat() if own.issued else "")
    draft.notice["file"] = own.file
    return kept


def _reading_as_written(reading: Any) -> dict[str, Any]:
    """A bundled reading as a document writes it (the quote's notice only when it is another's)."""
    out: dict[str, Any] = {"id": reading.id, "title": reading.title}
    if reading.quotes:
        out["quotes"] = [
            ({"notice": q.notice} if q.notice else {}) | {"clause": q.clause, "quote": q.quote} for q in reading.quotes
        ]
    if reading.note:
        out["note"] = reading.note
    out.update(reading=reading.reading, alternatives=list(reading.alternatives), depends_on=list(reading.depends_on))
    return out


def _cases_2025() -> list[dict[str, Any]]:
    from tests.golden.test_golden import _CaseLoader

    found = []
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.load(path.read_text(encoding="utf-8"), Loader=_CaseLoader)["cases"]:
            if case["input"].get("policy_year", 2025) == 2025 and "expected" in case:
                found.append(case)
    return found


def _without_version(obj: Any) -> Any:
    """An answer without the data version and hash it names (those differ by design)."""
    if isinstance(obj, dict):
        return {
            k: _without_version(v)
            for k, v in obj.items()
            if k not in ("data_version", "sha256", "data_sha256", "short_hash", "data_hash")
        }
    if isinstance(obj, list):
        return [_without_version(v) for v in obj]
    return obj


def test_draft_2025_from_2024_and_the_notice_gives_the_bundled_answers(
    policies: PolicySet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.cli.calculate import run_command

    monkeypatch.setenv(packs.DATA_DIR_ENV, str(tmp_path / "office"))
    draft = Draft.next_year(policies[2024])
    assert (draft.year, draft.data_version, draft.base_version) == (2025, "2025.1", "2024.1")
    draft.set_notice_text(_notice_text(), "000_cc822a5554eeeeca.txt")
    found = draft.propose(policies[2024])
    # nothing counts before it is confirmed: a build is refused
    assert draft.progress == (0, len(draft.rows))
    with pytest.raises(drafts.DraftError, match="没有核对确认"):
        draft.build(tmp_path / "early.czpack")

    # a proposal is the new notice's own: its sentence word for word as the quote, its clause as
    # the cite (never 2024's), and the check finds nothing to say about either
    text = draft.notice_text
    taken = [r for r in draft.rows if r.found]
    for row in taken:
        assert row.status == "official" and row.notice is None, row.path
        assert occurs_in(row.quote, text) and len(row.quote) >= 10, (row.path, row.quote)
        assert row.span is not None and row.clause and row.clause == clause_for(text, row.span[0]), row.path
    first = draft.check().by_row
    assert not [(r.path, first[r.path]) for r in taken if r.path in first and any("原文" in m for m in first[r.path])]

    draft.data_version = "2025.9"
    # every proposal shown as found carries the 2025 value (pack propose's own bar is in its tests)
    assert found >= 10 and _as_2025(draft, policies) == found
    assert draft.progress == (len(draft.rows), len(draft.rows))
    check = draft.check()
    assert check.clean, (check.general, check.by_row)

    # saved and read back as it was typed
    saved = draft.save()
    assert saved == tmp_path / "office" / drafts.DRAFT_NAME
    again = Draft.load()
    assert again.document() == draft.document()

    # signed with the office's key, made on the first build
    from desktop.core.packs import signing

    key = signing.ensure_office_key(None, "常州市医疗保障局")
    out = tmp_path / "2025.9.czpack"
    pack = again.build(out, key=key)
    assert (pack.year, pack.data_version) == (2025, "2025.9")
    # the pack as written passes the same check as `pack check` and records every confirmation
    document = yaml.safe_load(pack.document.decode("utf-8"))
    # its readings in the document's form: the notices' words as quotes (each with its clause), no notice_text
    for reading in document["readings"]:
        assert "notice_text" not in reading and (reading.get("quotes") or reading.get("note")), reading["id"]
    assert document["readings"] == [_reading_as_written(r) for r in policies[2025].readings]
    assert document["confirmation"]["base"] == "2024.1"
    assert set(document["confirmation"]["figures"]) == {p for p, _ in iter_figures(pack.policy)}

    # a counter PC trusts the office's public key once, then installs
    counter = tmp_path / "counter"
    public = tmp_path / "office.pub"
    signing.export_public_key(None, public)
    signing.trust_key(counter, public)
    read_back = packs.read_pack(out)
    status = signing.verify(read_back, counter)
    assert status.trusted and status.office == "常州市医疗保障局" and signing.install_warning(status) is None
    packs.install(read_back, base=counter)
    loaded = packs.load_all(dt.date(2026, 12, 7), base=counter)
    assert loaded.policies.entry(2025).policy.data_version == "2025.9"
    assert not loaded.problems

    cases = _cases_2025()
    assert len(cases) > 20
    for case in cases:
        bundled = run_command(case["command"], copy.deepcopy(case["input"]), policies=policies)
        from_pack = run_command(case["command"], copy.deepcopy(case["input"]), policies=loaded.policies)
        assert _without_version(from_pack) == _without_version(bundled), case["name"]


def test_a_changed_row_must_be_confirmed_again(policies: PolicySet) -> None:
    draft = Draft.next_year(policies[2024])
    row = draft.row("premiums.categories.elderly.individual")
    assert (row.old_value, row.old_status, row.status, row.carried_from) == ("730", "official", "carried_over", 2024)
    draft.confirm(row)
    assert draft.progress[0] == 1
    draft.edit(row, value="760")
    assert not row.confirmed and draft.progress[0] == 0


def test_problems_are_shown_at_their_row_in_chinese(policies: PolicySet) -> None:
    draft = Draft.next_year(policies[2024])
    row = draft.row("premiums.categories.elderly.individual")
    draft.edit(row, value="七百三")
    rate = draft.row("benefits.inpatient.levels.1.adult.ratio")
    assert rate.value == "90%"
    draft.edit(rate, value="190%")
    interp = draft.row("premiums.categories.elderly.medical_individual")
    draft.edit(interp, reason="")
    check = draft.check()
    assert check.by_row[row.path] == ["“七百三”不是数字"]
    assert check.by_row[rate.path] == ["比例“190%”应在 0% 到 100% 之间"]
    # in the window's words (来源, 理由), not the document's field names
    assert check.by_row[interp.path] == ["来源为“解读”时,请在“理由”中写明依据"]
    # the new notice's own fields, not a row's
    general = Draft.next_year(policies[2024]).check().general
    assert "通知标题:模板占位内容,请填写新通知的信息" in general


def test_a_damaged_draft_file_is_refused_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text('{"format": 1, "rows": [', encoding="utf-8")
    with pytest.raises(drafts.DraftError, match="草稿文件已损坏"):
        Draft.load(path)
    path.write_bytes(b"x" * (drafts.MAX_DRAFT_BYTES + 1))
    with pytest.raises(drafts.DraftError, match="过大"):
        Draft.load(path)


def test_correcting_a_year_makes_the_next_data_version(policies: PolicySet) -> None:
    draft = Draft.correction(policies[2025])
    assert (draft.year, draft.data_version, draft.correcting) == (2025, "2025.2", True)
    row = draft.row("premiums.categories.elderly.individual")
    assert (row.value, row.status, row.old_value) == ("730", "official", "730")
    assert not any(r.confirmed for r in draft.rows)


def test_clause_of_a_place_in_the_notice() -> None:
    """The clause is read from the headings above the place, in the form the years cite it."""
    text = (
        "## 关于 2027 年度常州市城乡居民基本医疗保险参保缴费工作有关事项的通告\n"
        "### 三、个人缴费标准\n"
        "- “老年居民”个人缴费 760 元/人;\n"
        "### 五、缴费方式\n"
        "(一)“老年居民”缴费人\n"
        "1.省社会保障卡扣缴。\n"
        "2.线上缴费。可通过微信缴费。\n"
        "## 2027 年居民医保政策上的变化\n"
        "二、缴费标准发生了变化。\n"
        "(一)“老年居民”筹资标准 2000 元/人。\n"
    )
    assert drafts.clause_for(text, text.index("760")) == "三、个人缴费标准"
    assert drafts.clause_for(text, text.index("可通过微信")) == "五、缴费方式 (一)2"
    assert drafts.clause_for(text, text.index("2000")) == "2027 年居民医保政策上的变化 二(一)"
    assert drafts.notice_title_in(text) == "关于2027年度常州市城乡居民基本医疗保险参保缴费工作有关事项的通告"


def test_notice_text_fills_the_title_and_a_too_long_text_is_refused(policies: PolicySet) -> None:
    draft = Draft.next_year(policies[2024])
    draft.set_notice_text("## 关于 2025 年度参保缴费的通告\n正文", "通告.docx")
    assert draft.notice["title"] == "关于2025年度参保缴费的通告" and draft.notice["file"] == "通告.docx"
    with pytest.raises(drafts.DraftError, match="通知文本过长"):
        draft.set_notice_text("字" * (drafts.MAX_NOTICE_CHARS + 1))


def test_a_failed_save_is_told_in_chinese(policies: PolicySet, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(drafts.DraftError, match="草稿没有保存"):
        Draft.next_year(policies[2024]).save(blocker / drafts.DRAFT_NAME)


def test_list_items_can_be_added_and_left_out(policies: PolicySet) -> None:
    """The 2025 notice has three reminders where 2024 had one: rows are added, and one left out."""
    draft = Draft.next_year(policies[2024])
    first = draft.row("enrolment.reminders[0]")
    added = draft.add_list_item(first)
    assert added.path == "enrolment.reminders[1]" and added.optional and added.status == "official"
    draft.edit(added, value="请连续参保缴费", clause="七、特别提醒 2")
    plain = yaml.safe_load(draft.document())
    assert [r["value"] for r in plain["enrolment"]["reminders"]][1] == "请连续参保缴费"
    draft.set_status(first, OMITTED)
    plain = yaml.safe_load(draft.document())
    assert [r["value"] for r in plain["enrolment"]["reminders"]] == ["请连续参保缴费"]
    # a figure every year must have cannot be left out
    with pytest.raises(drafts.DraftError, match="不能设为“不列入”"):
        draft.set_status(draft.row("premiums.categories.elderly.individual"), OMITTED)


def test_a_new_reading_for_a_row(policies: PolicySet) -> None:
    draft = Draft.next_year(policies[2024])
    row = draft.row("waiting.late_fixed_months")
    draft.edit(row, value="3", status="interpretation", reason="通知只写设置固定待遇等待期")
    number = draft.new_reading(row, "等待期按3个月", "通知未写月数,按3个月计算")
    assert number == max(int(r["id"]) for r in draft.readings)
    policy = yaml.safe_load(draft.document())
    assert policy["waiting"]["late_fixed_months"]["reading"] == number
    added = next(r for r in policy["readings"] if r["id"] == number)
    assert added["title"] == "解读:等待期按3个月" and added["depends_on"] == [row.label]
    assert row.path not in draft.check().by_row


def test_a_version_already_on_this_pc_is_refused_before_building(policies: PolicySet, tmp_path: Path) -> None:
    """2025.1 ships with the program: a 2025 pack with that version could never be installed."""
    draft = Draft.next_year(policies[2024])
    assert draft.data_version == "2025.1"
    check = draft.check(taken={"2025.1"})
    assert "数据版本:2025.1 已被本机的 2025 年度数据使用,同一版本号只能对应一份数据;请改用新的版本号(如 2025.2)" in (
        check.general
    )
    draft.avoid_versions({"2025.1", "2025.2"})  # what the window does with a new draft
    assert draft.data_version == "2025.3"
    assert not any(m.startswith("数据版本") for m in draft.check(taken={"2025.1", "2025.2"}).general)


def test_proposals_found_and_not_found(policies: PolicySet, monkeypatch: pytest.MonkeyPatch) -> None:
    """A found proposal fills the row (unconfirmed) with its sentence and clause; 未找到 leaves the
    value as it was but still points at a related sentence when the finder has one."""
    text = "### 三、个人缴费标准\n- “老年居民”个人缴费 760 元/人;\n- “未成年居民”个人缴费 400 元/人;\n"
    elderly = "premiums.categories.elderly.individual"
    minor = "premiums.categories.minor.individual"
    at = text.index("“老年")
    fake = [
        {"path": elderly, "found": True, "proposed": "760", "sentence": "- “老年居民”个人缴费 760 元/人;",
         "span": (at - 2, at + 18), "note": ""},
        {"path": minor, "found": False, "proposed": None, "sentence": "“未成年居民”个人缴费 400 元/人;",
         "span": (text.index("“未"), text.index("“未") + 17), "note": "上年的说法不全"},
    ]  # fmt: skip
    monkeypatch.setattr(drafts, "_proposals", lambda base, notice, year: fake)
    draft = Draft.next_year(policies[2024])
    draft.set_notice_text(text)
    assert draft.propose(policies[2024]) == 1
    row = draft.row(elderly)
    assert (row.value, row.status, row.clause, row.quote, row.notice) == (
        "760", "official", "三、个人缴费标准", "“老年居民”个人缴费 760 元/人;", None
    )  # fmt: skip
    assert not row.confirmed
    other = draft.row(minor)
    assert (other.found, other.value, other.status, other.note) == (False, "390", "carried_over", "上年的说法不全")
    assert other.span is not None and text[other.span[0] : other.span[1]].startswith("“未成年居民”")


def test_a_taken_proposal_quotes_the_notice_word_for_word_and_cites_its_clause(
    policies: PolicySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quote is the notice's sentence as it stands (only the list mark before it dropped: an
    emphasis mark inside stays, or the words would not be the notice's); without a place in the
    notice the clause is left for the officer, never last year's clause passed off as the new one's."""
    text = "### 四、参保登记办理\n- 现场办理:**到便民服务中心登记,个人缴费 760 元/人;\n"
    elderly = "premiums.categories.elderly.individual"
    minor = "premiums.categories.minor.individual"
    sentence = "- 现场办理:**到便民服务中心登记,个人缴费 760 元/人;"
    fake = [
        {"path": elderly, "found": True, "proposed": "760", "sentence": sentence,
         "span": (text.index("- 现场"), text.index("- 现场") + len(sentence)), "note": ""},
        {"path": minor, "found": True, "proposed": "390", "sentence": "", "span": None, "note": ""},
    ]  # fmt: skip
    monkeypatch.setattr(drafts, "_proposals", lambda base, notice, year: fake)
    draft = Draft.next_year(policies[2024])
    draft.set_notice_text(text)
    assert draft.propose(policies[2024]) == 2
    row = draft.row(elderly)
    assert (row.clause, row.quote) == ("四、参保登记办理", "现场办理:**到便民服务中心登记,个人缴费 760 元/人;")
    assert occurs_in(row.quote, text)
    other = draft.row(minor)
    assert other.old_status == "official" and (other.status, other.clause, other.quote) == ("official", "", "")
    check = draft.check()
    assert not [m for m in check.by_row.get(row.path, []) if "原文" in m or "条款" in m]
    # the officer is told at the row what is missing, in the window's words
    assert check.by_row[other.path] == ["条款:不能为空"]
    draft.edit(other, clause="四、参保登记办理")
    assert draft.check().by_row[other.path] == [
        "来源为“通知原文”时,请填写“原文”:通知里含这个数值的原句,一字不差(在右上方的通知里选中那句话即可)"
    ]


def test_a_quote_not_in_the_notice_is_a_problem_at_its_row(policies: PolicySet) -> None:
    text = "### 三、个人缴费标准\n- “老年居民”个人缴费 730 元/人;\n"
    draft = Draft.next_year(policies[2024])
    row = draft.row("premiums.categories.elderly.individual")
    draft.edit(row, value="730", clause="三、个人缴费标准", quote="“老年居民”个人缴费 730 元/人;")
    draft.set_status(row, "official")
    assert row.path not in draft.check().by_row  # nothing to check it against yet
    draft.set_notice_text(text)
    assert row.path not in draft.check().by_row  # white space aside, it stands in the notice
    draft.edit(row, quote="老年居民个人缴费730元/人")  # the notice's quotation marks left out: not its words
    assert draft.check().by_row[row.path] == [QUOTE_NOT_IN_NOTICE]
    # last year's words, naming last year's notice, are not looked for in the new one
    carried = draft.row("premiums.categories.minor.individual")
    assert carried.notice == "n2024" and carried.quote and carried.path not in draft.check().by_row
    # a reading's quote given as the new notice's words, and not in it: said of the reading
    number = draft.new_reading(row, "老年居民按730元", "按730元计算")
    assert draft.reading_quotes(number) == [
        {"notice": None, "clause": "三、个人缴费标准", "quote": "老年居民个人缴费730元/人"}
    ]
    problem = (
        f"解读 {number}:所读原文第 1 条在新通知中找不到(原文须与通知一字不差);"
        "请在右上方的通知里选中那段话加入,或注明它出自哪份通知"
    )
    assert problem in draft.check().general
    # the words selected in the notice, with the clause they stand in, replace it
    start = text.index("“老年")
    draft.remove_reading_quote(number, 0)
    assert draft.add_reading_quote_from_notice(number, start, text.index("\n", start)) == 0
    assert draft.reading_quotes(number) == [
        {"notice": None, "clause": "三、个人缴费标准", "quote": "“老年居民”个人缴费 730 元/人;"}
    ]
    assert problem not in draft.check().general


def test_readings_are_written_with_quotes_and_note(policies: PolicySet) -> None:
    draft = Draft.next_year(policies[2024])
    number = 3  # 35万元: a quote of the 2024 notice, named as such now that the year's own notice is 2025's
    draft.set_reading(number, note="2025年通告没有重述35万元")
    draft.set_reading_quote(number, 0, clause="居民医保政策介绍 一、住院待遇 注")
    written = next(r for r in yaml.safe_load(draft.document())["readings"] if r["id"] == number)
    bundled = policies[2024].reading(number)
    assert bundled is not None and "notice_text" not in written
    assert written["quotes"] == [
        {"notice": "n2024", "clause": "居民医保政策介绍 一、住院待遇 注", "quote": bundled.quotes[0].quote}
    ]
    assert written["note"] == "2025年通告没有重述35万元"
    # a reading with neither is refused, in the window's words and with its number
    draft.set_reading(number, quotes=[], note="")
    assert "解读 3:请在“所读原文”中加入通知的原话,或在“说明”中写明通知没有写什么" in draft.check().general


def test_a_draft_saved_before_quotes_keeps_its_reading_words_as_the_note(policies: PolicySet, tmp_path: Path) -> None:
    """A reading saved with the old ``notice_text`` (words of a notice, some condensed) comes back as
    its note, never shown as a quote (as the model reads older documents)."""
    import json

    draft = Draft.next_year(policies[2024])
    data = json.loads(draft.to_json())
    old = data["readings"][1]
    for name in ("quotes", "note"):
        old.pop(name)
    old["notice_text"] = "2025年通告没有重述35万元"
    path = tmp_path / drafts.DRAFT_NAME
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    again = Draft.load(path)
    reading = again.reading(old["id"])
    assert reading is not None and "notice_text" not in reading
    assert (reading["quotes"], reading["note"]) == ([], "2025年通告没有重述35万元")
    written = next(r for r in yaml.safe_load(again.document())["readings"] if r["id"] == old["id"])
    assert written["note"] == "2025年通告没有重述35万元" and "quotes" not in written
