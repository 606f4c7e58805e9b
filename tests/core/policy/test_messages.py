"""The document checks' coded messages (desktop/core/policy/messages.py): the document's wording
from the check, the 制作政策包 window's wording chosen by the code (desktop/core/packs/draft.py),
never by rewriting the text."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from desktop.core.packs.draft import WINDOW_WORDS, window_words
from desktop.core.policy.loader import Problem, validation_problems
from desktop.core.policy.messages import MESSAGES, message
from desktop.core.policy.model import MoneyFig, Reading


def test_every_coded_check_has_the_windows_words() -> None:
    assert set(WINDOW_WORDS) == set(MESSAGES)


@pytest.mark.parametrize(
    ("figure", "code", "document", "window"),
    [
        (
            {"value": "1.00", "status": "interpretation", "cite": "一、(一)"},
            "figure.reason_missing",
            "状态为 interpretation 的数值必须写明 reason(依据或解读)",
            "来源为“解读”时,请在“理由”中写明依据",
        ),
        (
            {"value": None, "cite": "一、(一)"},
            "figure.value_missing",
            "数值不能为空;通知未规定的数值请把 status 设为 not_stated 并说明 reason",
            "请填写新数值;通知没有规定的,把来源改为“通知未规定”并写明理由",
        ),
        (
            {"value": "1.00", "status": "not_stated", "cite": "一、(一)", "reason": "未规定"},
            "figure.not_stated_has_value",
            "状态为 not_stated(通知未规定)的数值必须为空(null)",
            "来源为“通知未规定”时,新数值应留空",
        ),
        (
            {"value": "1.00", "status": "carried_over", "cite": "一、(一)", "reason": "沿用"},
            "figure.carried_from_missing",
            "沿用上年的数值(carried_over)必须写明 carried_from(沿用自哪一年度)",
            "来源为“沿用上年”时,须写明沿用自哪一年度",
        ),
        (
            {"value": "1.00", "status": "outside_fact", "cite": "一、(一)", "reason": "省文件"},
            "figure.outside_source_missing",
            "外部依据的数值(outside_fact)必须写明 outside_source(文件名称和文号)",
            "来源为“外部依据”时,请填写外部依据(文件名称和文号)",
        ),
    ],
)
def test_a_figure_check_carries_its_code_and_each_reader_its_words(
    figure: dict[str, object], code: str, document: str, window: str
) -> None:
    with pytest.raises(ValidationError) as info:
        MoneyFig.model_validate(figure)
    (problem,) = validation_problems(info.value, "2026.yaml")
    assert (problem.file, problem.code, problem.message) == ("2026.yaml", code, document)
    assert window_words(problem) == window


def test_a_reading_without_its_words_is_coded() -> None:
    with pytest.raises(ValidationError) as info:
        Reading.model_validate({"id": 1, "title": "解读:一个解读", "reading": "怎样读", "depends_on": ["premiums"]})
    problems = [p for p in validation_problems(info.value, "草稿") if p.code]
    assert [(p.code, p.message) for p in problems] == [("reading.unfounded", message("reading.unfounded"))]
    assert window_words(problems[0]) == "请在“所读原文”中加入通知的原话,或在“说明”中写明通知没有写什么"


def test_the_windows_words_come_from_the_code_not_from_the_text() -> None:
    # the same text without its code is shown as it is: nothing rewrites a message by its words
    plain = Problem("草稿", "premiums.adult", message("figure.value_missing"))
    assert window_words(plain) == plain.message
    # the code chooses the words, whatever the text says (and the facts fill them in)
    coded = Problem("草稿", "premiums.adult", "(任何文字)", "figure.reason_missing", (("status", "outside_fact"),))
    assert window_words(coded) == "来源为“外部依据”时,请在“理由”中写明依据"
    # the code is not part of a problem's identity: the same problem, however it was made
    assert coded == Problem("草稿", "premiums.adult", "(任何文字)")
