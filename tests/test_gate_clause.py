"""The gate resolves a table number against what its clause names (issue 10 item 1, first part).

Table-driven and adversarial, on the fictional 2023 report (examples/yunlan-sthj-2023.json, last year's
report attached): 新收 48 (自然人 38, 法人或其他组织 10), 上年结转 4, 收到 52, 予以公开 22, 部分公开 5
(together 27), 不予公开 6, 无法提供 12, 办结 49, 结转下年度 3; 行政复议 4 (维持 2, 纠正 1, 尚未审结 1),
行政诉讼 4 (直接起诉 2, 复议后起诉 2), both 8. Last year: 新收 38, 办结 36, 予以公开 17, 结转下年度 4,
行政复议 3, 行政诉讼 2.

Each wrong sentence holds one wrong number, by category: the clause names one quantity and the number is
another quantity's value (QUANTITY), last year's value without 上年/去年/同比 (LAST_YEAR), a value that only
coincides with a figure the clause does not name (COINCIDENCE). UNVERIFIABLE numbers equal a table figure
that nothing around them names (a bare 共计8件): a warning that it cannot be verified, not an acceptance.
"""

from __future__ import annotations

import pytest

from drafting.findings import Finding
from drafting.model import Report
from drafting.narrative.facts import build_facts
from drafting.narrative.gate import check_draft

QUANTITY = "wrong quantity named"
LAST_YEAR = "last year's value"
COINCIDENCE = "coincidence"

# (category, sentence, the flagged number, a phrase the message must hold)
WRONG: list[tuple[str, str, str, str]] = [
    (QUANTITY, "本年度予以公开5件。", "5件", "表格中的“部分公开”为 5 件"),
    (QUANTITY, "部分公开22件。", "22件", "表格中的“予以公开”为 22 件"),
    (QUANTITY, "本年度办结政府信息公开申请48件。", "48件", "本年度办结政府信息公开申请 49 件"),
    (QUANTITY, "本年新收政府信息公开申请49件。", "49件", "本年新收政府信息公开申请 48 件"),
    (QUANTITY, "全年受理政府信息公开申请49件。", "49件", "本年新收政府信息公开申请 48 件"),
    (QUANTITY, "全年办理完毕申请48件。", "48件", "这句话说的是“本年度办结政府信息公开申请”"),
    (QUANTITY, "不予公开12件。", "12件", "不予公开 6 件"),
    (QUANTITY, "因本机关不掌握相关信息无法提供6件。", "6件", "无法提供"),
    (QUANTITY, "行政复议案件8件。", "8件", "表格中的“行政复议和行政诉讼案件”为 8 件"),
    (QUANTITY, "发生行政复议2件。", "2件", "表格中的“行政复议结果维持”为 2 件"),
    (QUANTITY, "结转下年度继续办理4件。", "4件", "结转下年度继续办理的申请 3 件"),
    (QUANTITY, "上年结转申请3件。", "3件", "上年结转政府信息公开申请 4 件"),
    (QUANTITY, "自然人提出申请48件。", "48件", "自然人提出的新收申请 38 件"),
    (QUANTITY, "法人或其他组织提出申请38件。", "38件", "法人或其他组织提出的新收申请 10 件"),
    (QUANTITY, "予以公开及部分公开共22件。", "22件", "予以公开及部分公开 27 件"),
    (QUANTITY, "行政复议案件4件，其中维持1件。", "1件", "维持"),
    (QUANTITY, "予以公开22件，比上年增加6件。", "6件", "予以公开比上年增加 5 件"),  # 6 is 公开 in all
    (LAST_YEAR, "本年度新收政府信息公开申请38件。", "38件", "上年报告中的“上年新收政府信息公开申请”为 38 件"),
    (LAST_YEAR, "发生行政复议案件3件。", "3件", "上年报告中的“上年行政复议案件”为 3 件"),
    (LAST_YEAR, "发生行政诉讼案件2件。", "2件", "行政诉讼案件 4 件"),
    (LAST_YEAR, "本年度予以公开17件。", "17件", "上年报告中的“上年予以公开”为 17 件"),
    (LAST_YEAR, "本年度办结政府信息公开申请36件。", "36件", "上年报告中的“上年度办结政府信息公开申请”为 36 件"),
    (LAST_YEAR, "新收申请38件，较上年增加10件。", "38件", "本年新收政府信息公开申请 48 件"),
    (COINCIDENCE, "全年收到群众来信27件。", "27件", ""),
    (COINCIDENCE, "行政复议案件4件，其中纠正2件。", "2件", "行政复议结果纠正 1 件"),
    (COINCIDENCE, "新收申请中，个人申请10件。", "10件", "自然人"),
]

# A count tied to no table quantity that equals some figure: flagged as 无法核实 (a warning).
UNVERIFIABLE: list[tuple[str, str]] = [
    ("开展专项督查3次，共计8件。", "8件"),  # 8 = 行政复议和行政诉讼案件
    ("全年办理申请52件。", "52件"),  # 办理 names no row; 52 is 收到 (新收 + 上年结转)
    ("全年共处理群众诉求49件。", "49件"),  # 49 = 办结
    ("政务服务事项办理中，群众满意48件。", "48件"),  # 48 = 新收
    ("完成市委督办6件。", "6件"),  # 6 = 不予公开
    ("修订完善22件。", "22件"),  # 22 = 予以公开
]

CORRECT: list[str] = [
    "本年度新收政府信息公开申请48件，上年结转4件，办结49件，结转下年度继续办理3件。",
    "共收到政府信息公开申请52件，其中本年新收48件、上年结转4件。",
    "全年受理政府信息公开申请48件，全部按期答复。",
    "予以公开22件，部分公开5件，予以公开及部分公开共27件。",
    "予以公开和部分公开27件。",
    "不予公开6件，无法提供12件，不予处理3件。",
    "从申请主体看，自然人申请38件，法人或其他组织申请10件。",
    "上年新收申请38件，本年新收48件，同比增加10件。",
    "新收申请较上年的38件增加10件。",
    "2022年本局新收政府信息公开申请38件，2023年为48件。",
    "行政复议案件4件，去年同期为3件。",
    "行政复议案件4件，其中维持2件，纠正1件，尚未审结1件。",
    "行政诉讼案件4件，其中未经复议直接起诉2件、复议后起诉2件。",
    "行政复议和行政诉讼案件共8件。",
    "全年发生行政复议案件4件、行政诉讼案件4件。",
    "本年度办结政府信息公开申请49件，比上年增加13件。",
    "结转下年度继续办理3件，比上年减少1件。",
    "上年结转申请4件。",
    "收到行政复议申请4件。",
    "全年办理完毕申请49件。",
    "本年度共办结申请49件，办结率94.2%。",
    "与去年相比，新收申请增加10件。",
    "上年度结转的4件申请已全部办结。",
    "被申请行政复议4件，被提起行政诉讼4件。",
    "复议结果纠正1件，尚未审结的行政复议1件。",
    "行政复议中，维持原行政行为2件。",
    "新收申请48件，较去年的38件增加了10件。",
    "与上年相比，予以公开由17件增至22件。",
    "上年度行政复议3件。",
    "本年度新收申请48件，较2022年（38件）增加10件。",
    "企业申请6件，科研机构1件，社会公益组织1件，法律服务机构2件。",
    "行政诉讼4件，尚未审结1件。",
    "本年度收到的申请中，个人申请38件。",
    "本年度共受理政府信息公开申请52件（含上年结转4件）。",
    "全年受理政府信息公开申请52件，办结49件。",
    "本年共收到政府信息公开申请48件，较上年的38件增加10件。",
    "依申请公开方面，本年新收申请48件，其中自然人38件。",
    "答复申请49件，其中予以公开22件。",
    "新增制发行政规范性文件5件，废止2件，现行有效41件。",
    "予以公开占办结申请的比例为44.9%。",
    "本机关共有4件被提起行政复议。",  # 本机关 names no row (无法提供（本机关不掌握…） carries the words)
    "本机关有22件申请予以公开。",
    "本机关全年共有8件行政复议和行政诉讼案件。",
    "共有27件申请予以公开或部分公开。",  # a sum named after its number
    "共办结49件，其余3件结转至2024年继续办理。",  # carried over into the next year
]


def _g1(report: Report, text: str) -> list[Finding]:
    return [f for f in check_draft(report, "一", text, build_facts(report)) if f.rule == "G1"]


@pytest.mark.parametrize(("category", "text", "flagged", "phrase"), WRONG, ids=[f"{w[0]}:{w[1]}" for w in WRONG])
def test_one_wrong_number_is_flagged_at_its_position(report_2023, category, text, flagged, phrase):
    findings = _g1(report_2023, text)
    assert [text[f.span[0] : f.span[1]] for f in findings if f.span] == [flagged], [f.message for f in findings]
    (finding,) = findings
    assert finding.severity.value == "error"
    assert phrase in finding.message, finding.message


@pytest.mark.parametrize("text", CORRECT)
def test_correct_sentences_raise_nothing(report_2023, text):
    assert _g1(report_2023, text) == [], [f.message for f in _g1(report_2023, text)]


@pytest.mark.parametrize(("text", "flagged"), UNVERIFIABLE, ids=[u[0] for u in UNVERIFIABLE])
def test_a_coincidence_with_nothing_named_is_a_warning_that_says_so(report_2023, text, flagged):
    (finding,) = [f for f in _g1(report_2023, text) if text[f.span[0] : f.span[1]] == flagged]
    assert finding.severity.value == "warning"
    assert f"数字“{flagged}”无法核实" in finding.message and "表格中“" in finding.message


def test_two_swapped_figures_are_both_flagged_each_with_the_other(report_2023):
    text = "予以公开5件，部分公开22件。"
    first, second = _g1(report_2023, text)
    assert (text[first.span[0] : first.span[1]], text[second.span[0] : second.span[1]]) == ("5件", "22件")
    assert "表格中的“部分公开”为 5 件" in first.message and "表格中的“予以公开”为 22 件" in second.message


def test_the_message_names_both_the_clause_quantity_and_the_equal_one(report_2023):
    text = "发生行政复议案件3件。"
    (finding,) = _g1(report_2023, text)
    assert "这句话说的是“行政复议案件”" in finding.message
    assert "行政复议案件 4 件" in finding.message
    assert "写上年的数字请写明“上年”" in finding.message


def test_tally(report_2023):
    """Caught / missed / false alarms by category, as the closing note reports them."""
    caught = dict.fromkeys((QUANTITY, LAST_YEAR, COINCIDENCE), 0)
    for category, text, flagged, _ in WRONG:
        spans = [text[f.span[0] : f.span[1]] for f in _g1(report_2023, text) if f.span]
        caught[category] += spans == [flagged]
    false_alarms = sum(bool(_g1(report_2023, text)) for text in CORRECT)
    assert caught == {c: sum(w[0] == c for w in WRONG) for c in caught}
    assert false_alarms == 0


# Found by review at the end of issue 10's stop: a wrong number written before its noun, in a clause naming
# nothing before it. The words right after the number name it (22件【不予公开】), as the clause before would.
BEFORE_ITS_NOUN: list[tuple[str, str, str]] = [
    ("予以公开22件，部分公开5件，另有22件不予公开。", "22件", "不予公开 6 件"),
    ("行政复议4件，其中2件维持原行政行为，1件被纠正，2件尚未审结。", "2件", "尚未审结"),
    ("新收申请48件，其中38件来自自然人，38件来自法人或其他组织。", "38件", "法人或其他组织"),
]


@pytest.mark.parametrize(("text", "flagged", "phrase"), BEFORE_ITS_NOUN, ids=[b[0] for b in BEFORE_ITS_NOUN])
def test_a_wrong_number_before_its_noun_is_named_by_the_words_after_it(report_2023, text, flagged, phrase):
    last = text.rindex(flagged)
    (finding,) = _g1(report_2023, text)
    assert finding.span == (last, last + len(flagged)) and finding.severity.value == "error"
    assert phrase in finding.message
