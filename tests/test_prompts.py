"""Prompt templates: versions, exact variables, rendering for the example reports, snapshots and size."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from drafting.facts import Fact, build_facts
from drafting.model import Aspect, FollowUp, Report, SectionState, SectionVersion
from drafting.prompts import (
    PROMPTS_DIR,
    SECTION_FILES,
    SYSTEM_FILE,
    PromptError,
    build_prompt,
    estimate_tokens,
    exemplar_passages,
    load_template,
    trim,
)

EXPECTED_VARIABLES = {
    SYSTEM_FILE: {"agency", "year"},
    "section_1.md": {"agency", "year", "aspect_list", "length_rule", "aspects", "general_facts", "exemplars"},
    "section_5.md": {"agency", "year", "problems", "last_year", "facts", "exemplars"},
    "section_6.md": {"agency", "year", "fee_rule", "fee", "items", "facts", "exemplars"},
}


STUB_FACTS = [
    Fact("t3.new.total", "本年新收政府信息公开申请", Decimal(48), "件", "表三 新收 总计", aspect=Aspect.ON_REQUEST),
    Fact("note.active.0", "门户网站专栏发布信息", Decimal(612), "条", "工作情况·主动公开", aspect=Aspect.ACTIVE),
    Fact("t3.other_2.total", "申请人逾期未按收费通知要求缴纳费用", Decimal(1), "件", "表三 （六）2 总计"),
    Fact("t4.review.total", "行政复议", Decimal(2), "件", "表四 行政复议 总计"),
]


# ---- templates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("filename", "variables"), EXPECTED_VARIABLES.items())
def test_template_has_version_and_documented_variables(filename: str, variables: set[str]) -> None:
    template = load_template(filename)
    assert re.fullmatch(r"\d+", template.version)
    assert template.variables == variables
    header = (PROMPTS_DIR / filename).read_text(encoding="utf-8").split("-->")[0]
    for name in variables:
        assert f"${name}" in header, f"{filename} header should document ${name}"


def test_every_section_has_a_template() -> None:
    assert set(SECTION_FILES) == {"一", "五", "六"}


@pytest.mark.parametrize("filename", EXPECTED_VARIABLES)
def test_missing_variable_fails(filename: str) -> None:
    template = load_template(filename)
    values = dict.fromkeys(template.variables, "x")
    dropped = sorted(values)[0]
    del values[dropped]
    with pytest.raises(PromptError, match=rf"缺少变量 \${dropped}"):
        template.render(values)


@pytest.mark.parametrize("filename", EXPECTED_VARIABLES)
def test_extra_variable_fails(filename: str) -> None:
    template = load_template(filename)
    values = dict.fromkeys(template.variables, "x") | {"surprise": "y"}
    with pytest.raises(PromptError, match=r"模板中没有变量 \$surprise"):
        template.render(values)


def test_values_with_dollar_signs_are_not_expanded() -> None:
    template = load_template(SYSTEM_FILE)
    text = template.render({"agency": "$year 局", "year": "2023"})
    assert "$year 局" in text


@pytest.fixture
def prompt_dir(tmp_path: Path) -> Path:
    target = tmp_path / "prompts"
    shutil.copytree(PROMPTS_DIR, target)
    return target


def test_user_edit_takes_effect_and_changes_version(report_2023: Report, prompt_dir: Path) -> None:
    before = build_prompt(report_2023, "六", STUB_FACTS, prompt_dir)
    path = prompt_dir / "section_6.md"
    path.write_text(path.read_text(encoding="utf-8").replace("内容简洁", "内容务求简洁"), encoding="utf-8")
    after = build_prompt(report_2023, "六", STUB_FACTS, prompt_dir)
    assert "内容务求简洁" in after.user
    assert after.version != before.version and after.version.startswith("section_6@1+system@2#")


def test_template_without_version_fails(report_2023: Report, prompt_dir: Path) -> None:
    path = prompt_dir / "section_1.md"
    path.write_text(path.read_text(encoding="utf-8").split("-->", 1)[1], encoding="utf-8")
    with pytest.raises(PromptError, match=r"section_1\.md 开头缺少版本说明"):
        build_prompt(report_2023, "一", STUB_FACTS, prompt_dir)


def test_template_with_deleted_variable_fails(report_2023: Report, prompt_dir: Path) -> None:
    path = prompt_dir / "section_5.md"
    path.write_text(path.read_text(encoding="utf-8").replace("$last_year\n", ""), encoding="utf-8")
    with pytest.raises(PromptError, match=r"section_5.md .*模板中没有变量 \$last_year"):
        build_prompt(report_2023, "五", STUB_FACTS, prompt_dir)


def test_template_with_bad_placeholder_fails(report_2023: Report, prompt_dir: Path) -> None:
    path = prompt_dir / "section_6.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n收费 $ 100\n", encoding="utf-8")
    with pytest.raises(PromptError, match=r"无效的 \$ 变量写法"):
        build_prompt(report_2023, "六", STUB_FACTS, prompt_dir)


def test_missing_template_file_fails(report_2023: Report, prompt_dir: Path) -> None:
    (prompt_dir / SYSTEM_FILE).unlink()
    with pytest.raises(PromptError, match="找不到提示词模板"):
        build_prompt(report_2023, "一", STUB_FACTS, prompt_dir)


def test_unknown_section_fails(report_2023: Report) -> None:
    with pytest.raises(PromptError, match="可起草的部分：一、五、六"):
        build_prompt(report_2023, "二", STUB_FACTS)


# ---- content ----------------------------------------------------------------------------------------


def test_section_1_covers_five_aspects_with_their_notes_and_facts(report_2023: Report) -> None:
    prompt = build_prompt(report_2023, "一", STUB_FACTS)
    for aspect in Aspect:
        assert f"）{aspect.label}\n工作情况：" in prompt.user
    assert "工作考核" not in prompt.user
    assert "不超过1000字" in prompt.user
    assert "- 本年新收政府信息公开申请 48 件（来源：表三 新收 总计）" in prompt.user
    on_request = prompt.user.split("（二）依申请公开\n")[1].split("（三）")[0]
    assert "全流程台账管理" in on_request and "48 件" in on_request and "612 条" not in on_request
    assert "只参考语体和结构，不得照抄" in prompt.user
    assert prompt.messages()[0][0] == "system" and "不得编造" in prompt.system


def test_government_oversight_includes_assessment(report_2023: Report) -> None:
    report = report_2023.model_copy(update={"kind": "人民政府"})
    prompt = build_prompt(report, "一", STUB_FACTS)
    assert "（五）监督保障（含工作考核、社会评议和责任追究结果情况）" in prompt.user


def test_f2019_has_no_1000_character_rule(report_2020: Report) -> None:
    prompt = build_prompt(report_2020, "一", STUB_FACTS)
    assert "1000字" not in prompt.user and "1500字" in prompt.user


def test_exemplars_prefer_the_users_prior_report(report_2023: Report) -> None:
    prompt = build_prompt(report_2023, "一", STUB_FACTS)
    assert "〔云岚市生态环境局2022年报告〕" in prompt.user
    assert "发布信息528条" in prompt.user
    assert "济源" not in prompt.user


def test_exemplars_default_to_the_2020_sample(report_2023: Report) -> None:
    report = report_2023.model_copy(update={"prior": None})
    for section in ("一", "五", "六"):
        source, text = exemplar_passages(report, section)[0]
        assert source == "示例报告：济源示范区工业和科技创新委员会2020年报告"
        assert text
    assert "阳光工科" in build_prompt(report, "一", STUB_FACTS).user


def test_long_exemplar_is_trimmed_at_a_sentence(report_2023: Report) -> None:
    report = report_2023.model_copy(update={"prior": None})
    user = build_prompt(report, "一", STUB_FACTS).user
    exemplar = user.split("〔示例报告：济源示范区工业和科技创新委员会2020年报告〕\n")[1].split("\n\n请直接输出")[0]
    assert exemplar.endswith("。……（节选）") and len(exemplar) <= 910


def test_trim_keeps_short_text() -> None:
    assert trim("第一段。\n\n\n第二段。", 100) == "第一段。\n第二段。"


def test_section_5_reports_last_years_problems(report_2023: Report) -> None:
    user = build_prompt(report_2023, "五", STUB_FACTS).user
    assert "1. 问题：基层站所信息发布时效性不足" in user
    assert "改进措施：编印依申请公开答复指引，开展案例研讨" in user
    assert "上年度（2022年）报告第五部分原文（不得重复其表述）：\n（一）存在的问题。一是政策解读形式较单一" in user
    assert "- 上年度问题：政策解读形式较单一，以文字解读为主；整改情况：全年发布图解、短视频解读6篇" in user
    assert "〔示例报告：济源示范区工业和科技创新委员会2020年报告〕" in user  # not last year's text twice


def test_section_5_without_prior(report_2023: Report) -> None:
    notes = report_2023.notes.model_copy(update={"followups": []})
    report = report_2023.model_copy(update={"prior": None, "notes": notes})
    assert "未导入上年度报告" in build_prompt(report, "五", STUB_FACTS).user


def test_section_5_followups_without_prior_report(report_2023: Report) -> None:
    notes = report_2023.notes.model_copy(update={"followups": [FollowUp(problem="甲问题", outcome="已整改")]})
    report = report_2023.model_copy(update={"prior": None, "notes": notes})
    user = build_prompt(report, "五", STUB_FACTS).user
    assert "- 上年度问题：甲问题；整改情况：已整改" in user and "报告第五部分原文" not in user


def test_section_5_without_problems_asks_for_a_placeholder(report_2023: Report) -> None:
    notes = report_2023.notes.model_copy(update={"problems": []})
    user = build_prompt(report_2023.model_copy(update={"notes": notes}), "五", STUB_FACTS).user
    assert "【待填写】" in user and "不得自拟问题" in user


def test_section_6_always_asks_for_the_fee_statement(report_2023: Report) -> None:
    user = build_prompt(report_2023, "六", STUB_FACTS).user
    assert "收取信息处理费的情况；未收取的，也要明确写明“未收取信息处理费”" in user
    assert "- 发出信息处理费收费通知：1 件\n- 实际收取信息处理费：0 元（即未收取）" in user
    assert "- 人大代表建议和政协提案办理结果公开情况" in user
    facts = user.split("【可用数据】\n")[1].split("\n\n")[0].splitlines()
    assert "- 申请人逾期未按收费通知要求缴纳费用 1 件（来源：表三 （六）2 总计）" in facts
    assert not any("48 件" in line or "612 条" in line for line in facts)


def test_section_6_unknown_fee_is_not_zero(report_2023: Report) -> None:
    other = report_2023.notes.other.model_copy(update={"fee_notices_issued": None, "fee_collected_yuan": None})
    notes = report_2023.notes.model_copy(update={"other": other})
    user = build_prompt(report_2023.model_copy(update={"notes": notes}), "六", STUB_FACTS).user
    assert "尚未填写信息处理费情况" in user and "0 元" not in user


def test_section_6_collected_amount(report_2023: Report) -> None:
    other = report_2023.notes.other.model_copy(update={"fee_collected_yuan": Decimal("300")})
    notes = report_2023.notes.model_copy(update={"other": other})
    user = build_prompt(report_2023.model_copy(update={"notes": notes}), "六", STUB_FACTS).user
    assert "- 实际收取信息处理费：300 元" in user


def test_prior_section_text_from_versions(report_2023: Report) -> None:
    prior = report_2023.prior
    assert prior is not None
    newest = SectionVersion(text="最新的第六部分。", origin="human")
    edited = SectionState(versions=[*prior.sections["六"].versions, newest])
    new_prior = prior.model_copy(update={"sections": {**prior.sections, "六": edited}})
    report = report_2023.model_copy(update={"prior": new_prior})
    assert "最新的第六部分。" in build_prompt(report, "六", STUB_FACTS).user


# ---- with the real facts: snapshots and size -------------------------------------------------------


@pytest.mark.parametrize("section", ["一", "五", "六"])
def test_rendered_prompt_snapshot(report_2023: Report, section: str, snapshot: SnapshotAssertion) -> None:
    prompt = build_prompt(report_2023, section, build_facts(report_2023))
    assert f"{prompt.version}\n\n{prompt.system}\n{prompt.user}" == snapshot


def test_real_facts_are_listed(report_2023: Report) -> None:
    """Each fact has its own line, or, for a share, an entry in its denominator's line; sub-row shares and
    derived shares and sums of 0 are left out."""
    facts = build_facts(report_2023)
    user = build_prompt(report_2023, "一", facts).user
    skipped = 0
    for fact in facts:
        share = re.fullmatch(r"(.+?)(占[^占（）]+的比例)", fact.label) if fact.key.startswith("share.") else None
        if share is None:
            if fact.value == 0 and fact.key in ("t3.received.total", "t4.all.total"):
                assert fact.display not in user
                skipped += 1
            else:
                assert f"- {fact.display}（来源：{fact.source}）" in user
        elif "（" in share.group(1) or fact.value == 0:
            assert f"{share.group(1)} {fact.display.split()[-1]}" not in user
            skipped += 1
        else:
            line = next(line for line in user.splitlines() if line.startswith(f"- 以下各项{share.group(2)}："))
            assert f"{share.group(1)} {fact.display.split()[-1]}" in line, fact.key
    assert skipped > 0


def test_shares_of_one_denominator_share_a_line_and_zeros_are_left_out(report_2023: Report) -> None:
    user = build_prompt(report_2023, "一").user
    line = next(line for line in user.splitlines() if line.startswith("- 以下各项占办结申请的比例："))
    assert line.startswith("- 以下各项占办结申请的比例：予以公开 44.9%；部分公开 10.2%；予以公开和部分公开 55.1%；")
    assert line.endswith("（来源：由表格计算：各项 ÷ （七）总计，四舍五入保留一位小数）")
    assert "其他申请人申请" not in user  # 0 % of new applications: not listed
    assert "不予公开（属于国家秘密）占" not in user
    assert "- 收到申请（新收与上年结转之和） 52 件" in user
    assert "- 行政复议和行政诉讼案件 8 件" in user


def test_system_prompt_allows_only_the_listed_sums(report_2023: Report) -> None:
    system = build_prompt(report_2023, "一", STUB_FACTS).system
    assert "合计数和比例只写“可用数据”中列出的" in system and "不得自行相加或计算" in system
    assert "或合计任何数字" not in system


def test_three_sections_fit_the_input_budget(report_2023: Report, report_2020: Report) -> None:
    for report in (report_2023, report_2020):
        facts = build_facts(report)
        total = sum(estimate_tokens(build_prompt(report, s, facts).text) for s in ("一", "五", "六"))
        assert total < 12_000


def test_huge_paste_is_refused_naming_the_note(report_2023: Report) -> None:
    aspects = dict(report_2023.notes.aspects)
    aspects[Aspect.PLATFORM] = aspects[Aspect.PLATFORM].model_copy(update={"notes": "优化专栏栏目。" * 2000})
    notes = report_2023.notes.model_copy(update={"aspects": aspects})
    with pytest.raises(PromptError, match=r"第一部分的起草材料过长.*工作情况“政府信息公开平台建设”（14000 字）"):
        build_prompt(report_2023.model_copy(update={"notes": notes}), "一", STUB_FACTS)


def test_estimate_tokens() -> None:
    assert estimate_tokens("政府信息公开") == 4
    assert estimate_tokens("abcdefgh") == 2


def test_derived_facts_keep_section_1_short(report_2023: Report) -> None:
    """Shares of every row are facts, but the prompt lists them one line per denominator: section 一 of the
    2023 example was 7754 characters before the derived facts (issue 10 item 2) and 8079 after."""
    assert len(build_prompt(report_2023, "一").text) < 8300
