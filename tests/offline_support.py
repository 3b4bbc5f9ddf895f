"""The four reports the offline drafter is read on: both examples, a tables-only one, one with an imported prior.

The last two are built from examples/yunlan-sthj-2023.json (fictional agencies, our own numbers).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from drafting.formats import TABLE3_LEAF_COLUMNS
from drafting.model import (
    Aspect,
    AspectNotes,
    FollowUp,
    KeyFigure,
    Notes,
    OtherMatters,
    Problem,
    Report,
    SectionState,
    SectionVersion,
    load_report,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def example_2020() -> Report:
    return load_report(EXAMPLES / "jiyuan-gongkewei-2020.json")


def example_2023() -> Report:
    return load_report(EXAMPLES / "yunlan-sthj-2023.json")


def sparse() -> Report:
    """Staff filled only the tables (the 2023 example's), no note, no problem, no fee, no prior."""
    return example_2023().model_copy(update={"agency": "云岚市文化广电和旅游局", "notes": Notes(), "prior": None})


def _set_row(report: Report, row: str, **columns: int) -> None:
    """Every leaf cell of a table 三 row (those not named are 0); the 总计 column is left for fill to derive."""
    for col in TABLE3_LEAF_COLUMNS:
        report.set_cell(f"t3.{row}.{col}", columns.get(col, 0))
    report.cells.pop(f"t3.{row}.total", None)
    report.origins.pop(f"t3.{row}.total", None)


# The 2023 report as its agency published it (what the importer brings in as last year's text).
PUBLISHED_2023 = {
    "一": "2023年，云岚市生态环境局围绕大气、水、土壤污染防治和环评审批推进政府信息公开。\n"
    "（一）主动公开。在门户网站专栏发布信息612条，“云岚环境”微信公众号发布信息845条，发布政策解读14篇，"
    "召开新闻发布会4次。\n"
    "（二）依申请公开。全年新收政府信息公开申请48件，上年结转4件，办结49件，结转下年度3件；"
    "发生行政复议4件、行政诉讼4件。\n"
    "（三）政府信息管理。清理行政规范性文件56件，制发行政规范性文件5件，废止2件，现行有效41件。\n"
    "（四）平台建设。新增“环境质量”“执法公示”栏目，完成专栏适老化改造。\n"
    "（五）监督保障。组织政务公开培训3次，参训126人次。",
    "五": "（一）存在的问题。一是基层站所信息发布时效性不足，部分执法公示信息晚于规定时限发布；"
    "二是依申请公开办理人员业务能力参差不齐，个别答复说理不够充分。\n"
    "（二）改进措施。一是建立执法公示信息周调度机制；二是编印依申请公开答复指引，开展案例研讨。",
    "六": "本年度发出信息处理费收费通知1件，未实际收取信息处理费。",
}


def _imported_prior() -> Report:
    """The 2023 report as the importer brings it in: tables and the published text of 一, 五 and 六, no notes."""
    prior = example_2023()
    sections = {
        sid: SectionState(versions=[SectionVersion(text=text, origin="imported")])
        for sid, text in PUBLISHED_2023.items()
    }
    return prior.model_copy(update={"notes": Notes(), "prior": None, "sections": sections})


def _tables_2024(report: Report) -> None:
    for key, value in {
        "t2.normative.issued": 3,
        "t2.normative.repealed": 1,
        "t2.normative.in_force": 43,
        "t2.license.decisions": 1302,
        "t2.penalty.decisions": 0,
        "t2.coercion.decisions": 0,
        "t2.admin_fee.fee_amount": "8.456321",
        "t4.review.maintain": 1,
        "t4.review.correct": 1,
        "t4.review.pending": 0,
        "t4.review.total": 2,
    }.items():
        report.set_cell(key, value)
    for group in ("lit_direct", "lit_after_review"):
        for col in ("maintain", "correct", "other", "pending", "total"):
            report.set_cell(f"t4.{group}.{col}", 0)
    rows: dict[str, dict[str, int]] = {
        "new": {"natural": 30, "business": 4, "legal": 1},
        "carry_in": {"natural": 2, "business": 1},
        "open": {"natural": 15, "business": 2},
        "partial": {"natural": 3},
        "deny_3": {},
        "deny_4": {"natural": 1},
        "deny_6": {},
        "deny_7": {},
        "unable_1": {"natural": 8, "business": 1},
        "unable_2": {},
        "unable_3": {},
        "noproc_1": {},
        "noproc_2": {"natural": 2},
        "other_2": {},
        "total": {"natural": 29, "business": 3},
        "carry_out": {"natural": 3, "business": 2, "legal": 1},
    }
    for row, columns in rows.items():
        _set_row(report, row, **columns)


def with_prior() -> Report:
    """A 2024 report whose notes restate table figures, with last year's report imported and followed up."""
    report = example_2023().model_copy(update={"year": 2024, "prior": _imported_prior()}, deep=True)
    _tables_2024(report)
    report.notes = Notes(
        aspects={
            Aspect.ACTIVE: AspectNotes(
                notes="在门户网站专栏发布信息730条，重点公开行政许可、执法公示和环境质量信息。",
                figures=[
                    KeyFigure(label="门户网站专栏发布信息", value=Decimal(730), unit="条"),
                    KeyFigure(label="微信公众号发布信息", value=Decimal(910), unit="条"),
                ],
            ),
            Aspect.ON_REQUEST: AspectNotes(notes="全年新收政府信息公开申请35件，均按登记、承办、审核、答复流程办理。"),
            Aspect.MANAGEMENT: AspectNotes(
                figures=[KeyFigure(label="现行有效行政规范性文件", value=Decimal(43), unit="件")]
            ),
            Aspect.PLATFORM: AspectNotes(),
            Aspect.OVERSIGHT: AspectNotes(
                notes="组织全局政务公开业务培训2次、参训95人次。",
                figures=[
                    KeyFigure(label="组织政务公开业务培训", value=Decimal(2), unit="次"),
                    KeyFigure(label="参训", value=Decimal(95), unit="人次"),
                ],
            ),
        },
        problems=[
            Problem(
                problem="政务新媒体更新频次不稳定，个别月份发布不足10条",
                measure="建立新媒体发布月度计划，由办公室按月通报发布情况",
            ),
            Problem(problem="依申请公开答复书中告知救济途径的表述不统一", measure=""),
        ],
        followups=[
            FollowUp(
                problem="基层站所信息发布时效性不足，部分执法公示信息晚于规定时限发布",
                outcome="制定执法公示信息发布时限表，由办公室每周通报发布时效",
            ),
            FollowUp(problem="依申请公开办理人员业务能力参差不齐，个别答复说理不够充分", outcome=""),
        ],
        other=OtherMatters(fee_notices_issued=0, fee_collected_yuan=Decimal(0)),
    )
    return report


REPORTS = {"2020": example_2020, "2023": example_2023, "sparse": sparse, "prior": with_prior}
