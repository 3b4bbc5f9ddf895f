"""Generated units for the review and roll-up tests and benchmark: fictional agencies, consistent tables, texts."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from drafting.formats import (
    TABLE3_LEAF_COLUMNS,
    TABLE4_GROUPS,
    TABLE4_LEAF_COLUMNS,
    t2,
    t3,
    t4,
    table3_result_rows,
)
from drafting.io.render import render
from drafting.model import Report, SectionVersion, new_report
from drafting.tables.fill import fill

# Results a unit's requests mostly end in; the rest stay 0 (fee rows too, so no 六 fee count is needed).
COMMON_RESULTS = ("open", "partial", "unable_1", "unable_3", "deny_3", "noproc_2")
TOWNS = ("青石", "云岚", "白鹭", "松溪", "桐江", "鹤鸣", "梅岭", "澄湖", "栖霞", "凤栖")
OFFICES = (
    "教育局",
    "民政局",
    "财政局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "卫生健康委员会",
    "市场监督管理局",
    "司法局",
    "商务局",
    "文化和旅游局",
    "应急管理局",
    "生态环境分局",
    "农业农村局",
)


def agency_name(i: int) -> str:
    """A fictional agency, distinct for each i (县 and office vary, a number where they repeat)."""
    town, office = TOWNS[i % len(TOWNS)], OFFICES[(i // len(TOWNS)) % len(OFFICES)]
    lap = i // (len(TOWNS) * len(OFFICES))
    return f"{town}{'县' if lap == 0 else f'第{lap}区'}{office}"


def make_unit(rng: random.Random, agency: str, year: int = 2024) -> Report:
    """A unit's report with every leaf cell entered, consistent tables (the checks find no error) and texts."""
    report = new_report(agency, year)
    _table2(rng, report)
    _table3(rng, report)
    for group, _ in TABLE4_GROUPS:
        for col in TABLE4_LEAF_COLUMNS:
            report.set_cell(t4(group, col), rng.choice((0, 0, 0, 1, 2)))
    _write_sections(report)
    return report


def _table2(rng: random.Random, report: Report) -> None:
    for row in ("rules", "normative"):
        issued = rng.randint(0, 6)
        report.set_cell(t2(row, "issued"), issued)
        report.set_cell(t2(row, "repealed"), rng.randint(0, 2))
        report.set_cell(t2(row, "in_force"), issued + rng.randint(3, 40))
    for row in ("license", "penalty", "coercion"):
        report.set_cell(t2(row, "decisions"), rng.randint(0, 900))
    report.set_cell(t2("admin_fee", "fee_amount"), Decimal(rng.randint(0, 50000)) / 100)


def _table3(rng: random.Random, report: Report) -> None:
    results = table3_result_rows(report.fmt)
    for col in TABLE3_LEAF_COLUMNS:
        new, carry_in = rng.randint(0, 40), rng.randint(0, 4)
        done = rng.randint(max(0, new + carry_in - 5), new + carry_in)
        split = dict.fromkeys(results, 0)
        for _ in range(done):
            split[rng.choice(COMMON_RESULTS)] += 1
        report.set_cell(t3("new", col), new)
        report.set_cell(t3("carry_in", col), carry_in)
        for row, value in split.items():
            report.set_cell(t3(row, col), value)
        report.set_cell(t3("carry_out", col), new + carry_in - done)


def _write_sections(report: Report) -> None:
    total = fill(report).cells["t3.new.total"]
    texts = {
        "一": f"本年度，{report.agency}认真落实政府信息公开工作要求。在主动公开方面，及时发布各类政府信息。"
        f"在依申请公开方面，本年新收政府信息公开申请{total}件，均按时答复。在政府信息管理方面，开展文件清理。"
        "在政府信息公开平台建设方面，优化网站栏目。在监督保障方面，组织业务培训，落实考核制度。",
        "五": "存在的主要问题：一是主动公开的深度不够，二是政策解读形式单一，三是答复文书有待规范。"
        "改进措施：加强业务培训，完善解读机制，"
        "推进政策文件与解读同步发布，提升公开质量和群众满意度。",
        "六": "本年度未收取信息处理费。无其他需要报告的事项。",
    }
    for section, text in texts.items():
        report.sections[section].versions.append(SectionVersion(text=text, origin="human"))  # type: ignore[index]


def write_rendered(report: Report, folder: Path, to: str, stem: str) -> Path:
    """The report published as .docx, .html or .txt in the folder."""
    out = render(report, to)  # type: ignore[arg-type]
    path = folder / f"{stem}.{to}"
    if isinstance(out, bytes):
        path.write_bytes(out)
    else:
        path.write_text(out, encoding="utf-8")
    return path
