"""Last year's 五 read as problems only: lead-ins, last year's follow-up and measures are left out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from offline_support import REPORTS

from drafting.io.importer import import_file, split_problems
from drafting.narrative.offline import draft_offline

SAMPLES = Path("/work/shared/samples")

# Real-style 五 texts of fictional agencies, in the layouts published reports use.
CASES = [
    pytest.param(
        "2022年，我区政府信息公开工作取得了一定成效，但与上级要求和群众期盼相比仍存在一些不足：一是政策解读形式较为单一，"
        "图解、视频等解读产品偏少；二是部分街道政务公开专栏更新不及时；三是依申请公开答复文书规范性有待提高。"
        "2023年，我区将采取以下措施加以改进：一是加强政策解读，丰富解读形式；二是建立专栏更新督查通报机制；"
        "三是开展依申请公开业务培训。",
        [
            "政策解读形式较为单一，图解、视频等解读产品偏少",
            "部分街道政务公开专栏更新不及时",
            "依申请公开答复文书规范性有待提高",
        ],
        id="lead-in-then-measures-numbered-alike",
    ),
    pytest.param(
        "（一）上年度问题整改情况。针对“栏目更新不及时”的问题，建立了更新台账，按月通报。\n"
        "（二）存在的主要问题。一是政务新媒体更新频次不稳定；二是答复书救济途径表述不统一。\n"
        "（三）改进措施。针对上述问题，下一步将重点做好以下工作：一是建立新媒体发布月度计划；二是统一答复书模板。",
        ["政务新媒体更新频次不稳定", "答复书救济途径表述不统一"],
        id="three-parts-follow-up-first",
    ),
    pytest.param(
        "一、存在的主要问题\n1.主动公开的深度和广度不够，部分领域信息公开不够全面；\n2.政策解读的针对性和实效性有待增强。\n"
        "二、改进措施\n1.进一步拓展公开范围；\n2.提升政策解读质量。",
        ["主动公开的深度和广度不够，部分领域信息公开不够全面", "政策解读的针对性和实效性有待增强"],
        id="headings-with-arabic-items",
    ),
    pytest.param(
        "我局政府信息公开工作虽然取得了一定成效，但仍存在一些问题。主动公开信息的时效性还不够强，部分信息发布滞后。"
        "政务公开工作人员多为兼职，业务能力有待提高。下一步，我局将进一步完善信息发布审核机制，加强业务培训。",
        ["主动公开信息的时效性还不够强，部分信息发布滞后", "政务公开工作人员多为兼职，业务能力有待提高"],
        id="unmarked-sentences-then-next-step",
    ),
    pytest.param(
        "存在的不足主要有：（一）政务公开意识需进一步增强；（二）公开平台功能还需完善。"
        "针对以上问题，我委将从以下方面加以改进：（一）加强学习培训；（二）优化平台功能。",
        ["政务公开意识需进一步增强", "公开平台功能还需完善"],
        id="bracketed-items-then-measures",
    ),
    pytest.param(
        "一是基层单位信息发布不够及时，下一步将建立周调度机制；二是政策解读数量偏少，今后将每季度发布解读不少于3篇。",
        ["基层单位信息发布不够及时", "政策解读数量偏少"],
        id="measure-inside-each-item",
    ),
    pytest.param(
        "当前工作中还存在一些薄弱环节，主要表现在：一是信息公开指南更新不及时；二是个别科室对公开属性认定把握不准。"
        "为此，我局将：一是每年一季度前完成指南更新；二是组织公开属性认定专题培训。",
        ["信息公开指南更新不及时", "个别科室对公开属性认定把握不准"],
        id="weisci-lead",
    ),
    pytest.param(
        "存在的主要问题是政策解读形式单一。2024年，我镇将增加图解和视频解读。",
        ["政策解读形式单一"],
        id="one-problem-one-plan",
    ),
    pytest.param(
        "（一）存在的问题\n政务服务中心公开专区资料更新不及时；乡镇公开栏目内容较少。\n"
        "（二）下一步工作打算\n加强专区资料管理，每月核查一次；指导乡镇充实栏目内容。",
        ["政务服务中心公开专区资料更新不及时", "乡镇公开栏目内容较少"],
        id="plan-heading-unmarked-measures",
    ),
    pytest.param(
        "一是整改措施落实不够到位，个别问题反复出现；二是考核结果运用不充分。下一步，我局将加强督查。",
        ["整改措施落实不够到位，个别问题反复出现", "考核结果运用不充分"],
        id="problem-naming-measures-is-kept",
    ),
    pytest.param(
        "一是网站部分栏目更新不及时。下一步将建立栏目更新台账。二是政策解读形式单一。下一步将增加图解解读。"
        "三是答复文书说理不够充分。今后将组织答复文书评查。",
        ["网站部分栏目更新不及时", "政策解读形式单一", "答复文书说理不够充分"],
        id="each-problem-followed-by-its-plan",
    ),
    pytest.param("", [], id="empty"),
]


@pytest.mark.parametrize(("text", "problems"), CASES)
def test_only_the_problems_are_taken(text: str, problems: list[str]) -> None:
    assert split_problems(text) == problems


_LEAD_IN = re.compile(r"措施|下一步|今后|将采取|加以改进|成效|主要表现|存在(?:一些|以下)(?:问题|不足)$")
_MEASURE = re.compile(r"^(?:进一步)?(?:加强|完善|建立|推进|提升|强化|优化|加大|丰富|开展)")


def _sample_fives() -> list[tuple[str, str]]:
    files = sorted(p for p in SAMPLES.glob("*") if p.suffix in {".txt", ".pdf"})
    return [(p.name, import_file(p).report.sections["五"].text) for p in files]


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="the shared samples are not on this machine")
def test_samples_give_problems_without_lead_ins_or_measures() -> None:
    fives = _sample_fives()
    assert len(fives) == 3
    for name, text in fives:
        problems = split_problems(text)
        assert len(problems) >= 2, name
        assert not [p for p in problems if _LEAD_IN.search(p) or _MEASURE.match(p)], name
        measures_at = re.search(r"整改措施|下一步|接下来", text)
        assert measures_at is not None, name
        assert all(text.find(p[:12]) < measures_at.start() for p in problems), name


@pytest.mark.parametrize("name", list(REPORTS))
def test_last_years_offline_draft_gives_back_its_problems(name: str) -> None:
    report = REPORTS[name]()
    assert split_problems(draft_offline(report, "五")) == [p.problem for p in report.notes.problems]
