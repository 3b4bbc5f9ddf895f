"""The only reader of prompts/: loads the Chinese templates and renders them with facts, notes and exemplars."""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import cast

from drafting.errors import DraftingError
from drafting.model import GOVERNMENT_OVERSIGHT_EXTRA, Aspect, FollowUp, Report, SectionId
from drafting.narrative.facts import Fact, build_facts, format_value

ROOT = Path(__file__).resolve().parent.parent.parent
PROMPTS_DIR = ROOT / "prompts"
DEFAULT_EXEMPLAR = ROOT / "examples" / "exemplar-f2021.md"  # written for this project, a fictional agency
SYSTEM_FILE = "system.md"
SECTION_FILES: dict[str, str] = {"一": "section_1.md", "五": "section_5.md", "六": "section_6.md"}
MAX_EXEMPLAR_CHARS = 900
MAX_SECTION_TOKENS = 8000  # three sections together stay under the 12k input-token budget in normal use
FEE_WORDS = ("信息处理费", "收费通知", "缴纳费用")
CHINESE_ORDINALS = "一二三四五六七八九十"

_HEADER = re.compile(r"\A\s*<!--(.*?)-->\s*", re.DOTALL)
_VERSION = re.compile(r"version\s*[:：]\s*([\w.\-]+)", re.IGNORECASE)


class PromptError(DraftingError):
    """A prompt template is missing, malformed, or does not match the variables the program fills in."""


@dataclass(frozen=True)
class Template:
    """One prompt file: its version marker, body (header comment removed) and the $variables it uses."""

    name: str
    version: str
    body: str
    path: Path

    @property
    def variables(self) -> frozenset[str]:
        """The variable names the template uses."""
        return frozenset(string.Template(self.body).get_identifiers())

    @property
    def digest(self) -> str:
        """A short hash of the body, so edits without a version bump are still told apart."""
        return hashlib.sha256(self.body.encode()).hexdigest()[:8]

    def render(self, values: Mapping[str, str]) -> str:
        """Fill the variables; every variable must be given and nothing else.

        Raises:
            PromptError: a variable is missing or extra; the message names the file and the variables.
        """
        missing = sorted(self.variables - set(values))
        extra = sorted(set(values) - self.variables)
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"缺少变量 {'、'.join('$' + v for v in missing)}")
            if extra:
                parts.append(f"模板中没有变量 {'、'.join('$' + v for v in extra)}（可能被删除或改名）")
            detail = "；".join(parts)
            msg = f"提示词模板 {self.path.name} 与程序提供的变量不一致：{detail}。请对照文件开头的变量说明修改"
            raise PromptError(msg)
        return string.Template(self.body).substitute(values).strip() + "\n"


def load_template(filename: str, directory: Path | None = None) -> Template:
    """Read a template file; its header comment must carry a `version:` marker.

    Raises:
        PromptError: the file is missing, has no version marker, or has a malformed $placeholder.
    """
    path = (directory or PROMPTS_DIR) / filename
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptError(f"找不到提示词模板 {path}，请恢复该文件") from None
    except (OSError, UnicodeDecodeError):
        raise PromptError(f"无法读取提示词模板 {path}，请确认它是 UTF-8 文本") from None
    header = _HEADER.match(text)
    version = _VERSION.search(header.group(1)) if header else None
    if header is None or version is None:
        raise PromptError(f"提示词模板 {path.name} 开头缺少版本说明，应以 <!-- version: 1 … --> 开头")
    body = text[header.end() :]
    if not string.Template(body).is_valid():
        raise PromptError(f"提示词模板 {path.name} 中有无效的 $ 变量写法；需要写 $ 符号本身时请写 $$")
    return Template(path.stem, version.group(1), body, path)


@dataclass(frozen=True)
class Prompt:
    """A rendered prompt for one section: system and user text, and the version of the templates used."""

    section: str
    system: str
    user: str
    version: str

    def messages(self) -> list[tuple[str, str]]:
        """Chat messages in the (role, content) form chat models accept."""
        return [("system", self.system), ("human", self.user)]

    @property
    def text(self) -> str:
        """System and user text together (for size estimates and marking scans)."""
        return f"{self.system}\n{self.user}"


def build_prompt(
    report: Report,
    section: str,
    facts: Sequence[Fact] | None = None,
    directory: Path | None = None,
) -> Prompt:
    """Render the system prompt and the section's template for a report.

    Raises:
        PromptError: unknown section, or a template that does not match its variables.
    """
    if section not in SECTION_FILES:
        raise PromptError(f"没有第“{section}”部分的起草模板，可起草的部分：一、五、六")
    if facts is None:
        facts = build_facts(report)
    system_t = load_template(SYSTEM_FILE, directory)
    section_t = load_template(SECTION_FILES[section], directory)
    system = system_t.render({"agency": report.agency, "year": str(report.year)})
    user = section_t.render(section_values(report, section, facts))
    digest = hashlib.sha256((system_t.body + section_t.body).encode()).hexdigest()[:8]
    version = f"{section_t.name}@{section_t.version}+{system_t.name}@{system_t.version}#{digest}"
    prompt = Prompt(section, system, user, version)
    _check_size(report, prompt)
    return prompt


def _check_size(report: Report, prompt: Prompt) -> None:
    tokens = estimate_tokens(prompt.text)
    if tokens <= MAX_SECTION_TOKENS:
        return
    where, length = max(note_texts(report, prompt.section), key=lambda item: item[1], default=("", 0))
    hint = f"其中最长的是{where}（{length} 字），" if where else ""
    msg = (
        f"第{prompt.section}部分的起草材料过长（约 {tokens} 个 token，上限 {MAX_SECTION_TOKENS}）：{hint}"
        "请精简工作情况后再起草"
    )
    raise PromptError(msg)


def note_texts(report: Report, section: str) -> list[tuple[str, int]]:
    """(where, length) of each staff-written text that goes into a section's prompt."""
    notes = report.notes
    if section == "一":
        return [(f"工作情况“{aspect_title(report, a)}”", len(n.notes)) for a, n in notes.aspects.items()]
    if section == "五":
        items = [(f"第 {i} 个问题", len(p.problem) + len(p.measure)) for i, p in enumerate(notes.problems, 1)]
        return items + [(f"上年问题整改第 {i} 项", len(f.outcome)) for i, f in enumerate(notes.followups, 1)]
    return [(f"其他事项第 {i} 项", len(item)) for i, item in enumerate(notes.other.items, 1)]


def section_values(report: Report, section: str, facts: Sequence[Fact]) -> dict[str, str]:
    """The variables of a section's template, as text."""
    base = {"agency": report.agency, "year": str(report.year), "exemplars": render_exemplars(report, section)}
    if section == "一":
        return base | _section_1_values(report, facts)
    if section == "五":
        return base | _section_5_values(report, facts)
    return base | _section_6_values(report, facts)


# ---- section 一 ------------------------------------------------------------------------------------


def aspect_title(report: Report, aspect: Aspect) -> str:
    """The aspect's name; for a 人民政府, 监督保障 includes 工作考核、社会评议和责任追究结果情况."""
    if aspect is Aspect.OVERSIGHT and report.kind == "人民政府":
        return f"{aspect.label}（含{GOVERNMENT_OVERSIGHT_EXTRA}）"
    return aspect.label


def _section_1_values(report: Report, facts: Sequence[Fact]) -> dict[str, str]:
    aspects = list(Aspect)
    listed = "、".join(f"（{CHINESE_ORDINALS[i]}）{aspect_title(report, a)}" for i, a in enumerate(aspects))
    if report.format == "F2021":
        length = "全文原则上不超过1000字（不计空白），宜控制在800字左右。"
    else:
        length = "篇幅适中，宜控制在1500字以内。"
    blocks = [_aspect_block(report, i, a, facts) for i, a in enumerate(aspects)]
    return {"aspect_list": listed, "length_rule": length, "aspects": "\n\n".join(blocks)}


def _aspect_block(report: Report, index: int, aspect: Aspect, facts: Sequence[Fact]) -> str:
    """（二）依申请公开 / 工作情况：… / 数据：… — the staff note and only this aspect's figures."""
    notes = report.notes.aspects.get(aspect)
    text = notes.notes.strip() if notes else ""
    data = fact_lines([f for f in facts if f.aspect == aspect])
    lines = [f"（{CHINESE_ORDINALS[index]}）{aspect_title(report, aspect)}", f"工作情况：{text or '未提供'}"]
    lines.append(f"数据：\n{data}" if data != "（无）" else "数据：无")
    lines.extend(_gap_rules(report, aspect, bool(text or (notes and notes.figures))))
    return "\n".join(lines)


def gap_placeholder(aspect: Aspect, government: bool = False) -> str:
    """The visible gap the draft holds where staff gave nothing for an aspect (the gate flags it, G7).

    The same words as the offline drafter's (drafting/narrative/offline/one.py); a 人民政府's 监督保障 also asks for
    the results of 工作考核、社会评议和责任追究.
    """
    if government and aspect is Aspect.OVERSIGHT:
        return f"【待补充：本机关在{aspect.label}方面的具体做法，以及{GOVERNMENT_OVERSIGHT_EXTRA}】"
    return f"【待补充：本机关在{aspect.label}方面的具体做法】"


def _gap_rules(report: Report, aspect: Aspect, given: bool) -> list[str]:
    """What to write where staff gave nothing (no note, no key figure): a placeholder, never an invented practice."""
    government = report.kind == "人民政府"
    if not given:
        return [f"→ 本段不写任何做法，在数据之后写“{gap_placeholder(aspect, government)}”。"]
    if government and aspect is Aspect.OVERSIGHT:
        extra = GOVERNMENT_OVERSIGHT_EXTRA
        return [f"→ 工作情况未写明{extra}的，写“【待补充：本机关{extra}】”，不用考核、追究的机制代替结果。"]
    return []


_DERIVED_SUMS = frozenset({"t3.received.total", "t4.all.total"})
# Shares whose numerator is not simply t3.<row>.total or t3.new.<column>: (the fact they annotate, a name).
_SHARE_HOME: dict[str, tuple[str, str]] = {
    "share.disclosed": ("t3.disclosed.total", ""),
    "share.disclosed.in_new": ("t3.disclosed.total", ""),
    "share.concluded": ("t3.total.total", "办结率"),
    "share.natural": ("t3.new.natural", ""),
    "share.review.correct": ("t4.review.total", "纠正率"),
}
_ORG_COLUMNS = frozenset({"business", "research", "nonprofit", "legal", "other"})
_SUB_ROW_SHARE = re.compile(r"share\.[a-z]+_\d+(?:\.in_new)?")
_T3_SUB_ROW = re.compile(r"t3\.([a-z]+)_\d+\.total")
_T4_CELL = re.compile(r"t4\.(review|lit_direct|lit_after_review|lit)\.(\w+)")


@dataclass
class _Entry:
    """A fact with what annotates it (its shares, last year's figure and the change) and its sub-items."""

    fact: Fact
    shares: dict[str, list[str]] = field(default_factory=dict)  # share key → [占办结申请55.1%, 上年58.3%, …]
    yoy: list[str] = field(default_factory=list)
    children: list[_Entry] = field(default_factory=list)
    zero_prior: bool = False

    @property
    def is_zero(self) -> bool:
        """0 with nothing but zeros under it and no change from last year worth stating."""
        plain = not self.shares and not self.yoy
        return self.fact.value == 0 and plain and all(c.is_zero for c in self.children)


def fact_lines(facts: Sequence[Fact]) -> str:
    """Facts as compact prompt lines, e.g. "- 予以公开22件（占办结申请44.9%；上年17件，增加5件、增长29.4%）".

    Where a figure comes from stays in the program (each fact's key and source), not in the prompt. A share
    and last year's figure annotate the fact they are about; a row's sub-items follow it ("，其中…"); zero
    figures share one line ("以下各项为0：…"). Shares of sub-rows and derived shares and sums of 0 are left
    out (the gate still knows them): the prompt stays short.
    """
    entries = _entries(facts)
    lines = [f"- {_entry_text(e)}" for e in entries if not e.is_zero]
    zeros = [z for e in entries for z in _zero_items(e)]
    if zeros:
        lines.append(f"- 以下各项为0：{'；'.join(zeros)}")
    return "\n".join(lines) if lines else "（无）"


def _entries(facts: Sequence[Fact]) -> list[_Entry]:
    """Top-level entries in fact order, each fact placed once: as an entry, a child or an annotation."""
    entries = {f.key: _Entry(f) for f in facts if _is_listed(f) and not f.key.startswith(("share.", "prior.", "yoy."))}
    for fact in facts:
        if _is_listed(fact) and fact.key not in entries:
            _annotate(entries, fact)
    top: list[_Entry] = []
    for key, entry in entries.items():
        parent = entries.get(_parent_key(key) or "")
        (parent.children if parent is not None else top).append(entry)
    return top


def _is_listed(fact: Fact) -> bool:
    """Derived zeros and shares of sub-rows (不予公开（属于国家秘密）占…) are not listed."""
    if fact.value == 0 and (fact.key.startswith("share.") or fact.key in _DERIVED_SUMS):
        return False
    return _SUB_ROW_SHARE.fullmatch(fact.key) is None


def _annotate(entries: dict[str, _Entry], fact: Fact) -> None:
    """Attach a share or a year-on-year fact to what it is about; a share of nothing listed stands alone."""
    if fact.key.startswith("share."):
        home_key, name = _SHARE_HOME.get(fact.key, (_share_numerator(fact.key), ""))
        home = entries.get(home_key)
        if home is None:
            entries[fact.key] = _Entry(fact)
        else:
            home.shares[fact.key] = [f"{name or _share_name(fact)}{format_value(fact.value)}%"]
        return
    short = fact.key.partition(".")[2].removesuffix(".pct")
    share = next((e.shares[short] for e in entries.values() if short in e.shares), None)
    home = _yoy_home(entries, short)
    if share is not None:
        share.append(_yoy_text(fact))
    elif home is None:
        entries[fact.key] = _Entry(fact)
    elif fact.key.startswith("prior.") and fact.value == 0 and home.fact.value == 0:
        home.zero_prior = True
    elif not (fact.key.startswith("yoy.") and home.zero_prior):
        home.yoy.append(_yoy_text(fact))


def _share_numerator(key: str) -> str:
    """share.deny → t3.deny.total, share.open.in_new → t3.open.total, share.applicant.legal → t3.new.legal."""
    rest = key.removeprefix("share.").removesuffix(".in_new")
    return f"t3.new.{rest.removeprefix('applicant.')}" if rest.startswith("applicant.") else f"t3.{rest}.total"


def _share_name(fact: Fact) -> str:
    """予以公开占办结申请的比例 → 占办结申请."""
    return "占" + fact.label.rpartition("占")[2].partition("的比例")[0]


def _yoy_home(entries: Mapping[str, _Entry], short: str) -> _Entry | None:
    """The entry last year's figure is compared with: new.total → t3.new.total, license.decisions → t2…."""
    for candidate in (f"t2.{short}", f"t3.{short}", f"t4.{short}", short):
        if candidate in entries:
            return entries[candidate]
    return None


def _yoy_text(fact: Fact) -> str:
    """上年17件 / 增加5件 / 增长29.4% / 降低3.2个百分点 / 与上年持平."""
    if fact.key.startswith("prior."):
        return f"上年{_amount(fact)}"
    if fact.value == 0:
        return "与上年持平"
    return f"{fact.label.rpartition('比上年')[2]}{_amount(fact, absolute=True)}"


def _amount(fact: Fact, absolute: bool = False) -> str:
    value = abs(fact.value) if absolute else fact.value
    return f"{format_value(value)}{fact.unit}"


def _parent_key(key: str) -> str | None:
    """The row a fact is a sub-item of: 不予公开（…） of 不予公开, 商业企业 of 法人或其他组织, 结果维持 of 行政复议."""
    if match := _T3_SUB_ROW.fullmatch(key):
        return f"t3.{match.group(1)}.total"
    if key.startswith("t3.new.") and key != "t3.new.total":
        return "t3.new.orgs" if key.removeprefix("t3.new.") in _ORG_COLUMNS else "t3.new.total"
    match = _T4_CELL.fullmatch(key)
    if match and match.group(2) != "total":
        return f"t4.{match.group(1)}.total"
    return None


def _entry_text(entry: _Entry, parent: Fact | None = None) -> str:
    """予以公开22件（占办结申请44.9%；上年17件，增加5件，增长29.4%）; sub-items follow: "，其中…", one level
    further down "，含…" (法人或其他组织10件，含商业企业6件…), siblings then split by "；"."""
    label = _child_label(entry.fact, parent) if parent else entry.fact.label
    text = f"{label}{_amount(entry.fact)}"
    shares = [parts[0] + (f"（{'，'.join(parts[1:])}）" if parts[1:] else "") for parts in entry.shares.values()]
    notes = [part for part in ("、".join(shares), "，".join(entry.yoy)) if part]
    if notes:
        text += f"（{'；'.join(notes)}）"
    shown = [c for c in entry.children if not c.is_zero]
    if not shown:
        return text
    joiner = "；" if any(not c.is_zero for child in shown for c in child.children) else "、"
    return text + ("，含" if parent else "，其中") + joiner.join(_entry_text(c, entry.fact) for c in shown)


def _child_label(fact: Fact, parent: Fact) -> str:
    """不予公开（保护第三方合法权益） under 不予公开 → 保护第三方合法权益; 行政复议结果维持 → 结果维持."""
    text = fact.label.removeprefix(parent.label.removesuffix("案件")).removesuffix("提出的新收申请")
    return text[1:-1] if text.startswith("（") and text.endswith("）") else text


def _zero_items(entry: _Entry) -> list[str]:
    """The zero figures of a top-level entry: the entry itself when all of it is 0, else its zero sub-items."""
    if entry.is_zero:
        return [entry.fact.label + ("（上年亦为0）" if entry.zero_prior else "")]
    return _zero_children(entry)


def _zero_children(entry: _Entry) -> list[str]:
    """不予公开中的属于国家秘密、属于行政查询事项, then the same for each sub-item that is not all 0."""
    own = [_child_label(c.fact, entry.fact) for c in entry.children if c.is_zero]
    quoted = [f"“{z}”" if "、" in z else z for z in own]
    groups = [f"{entry.fact.label.removesuffix('案件')}中的{'、'.join(quoted)}"] if own else []
    return groups + [z for c in entry.children if not c.is_zero for z in _zero_children(c)]


# ---- section 五 ------------------------------------------------------------------------------------


def _section_5_values(report: Report, facts: Sequence[Fact]) -> dict[str, str]:
    own = [f for f in facts if f.key.startswith(("text.problems.", "text.followups."))]
    return {"problems": _problem_lines(report), "last_year": _last_year_block(report), "facts": fact_lines(own)}


def _problem_lines(report: Report) -> str:
    if not report.notes.problems:
        return "（工作人员未提供。请只写一句“本年度存在的主要问题及改进情况：【待填写】”，不得自拟问题。）"
    lines = []
    for i, item in enumerate(report.notes.problems, start=1):
        measure = item.measure.strip() or "未提供，写“【待补充：改进措施】”"
        lines.append(f"{i}. 问题：{item.problem.strip()}\n   改进措施：{measure}")
    return "\n".join(lines)


def _followup_line(item: FollowUp) -> str:
    """One of last year's problems: the status staff chose, if any, and their 说明; a gap is asked for as such."""
    problem, outcome = item.problem.strip(), item.outcome.strip()
    status = f"；整改状态：{item.status.value}" if item.status else ""
    if outcome:
        return f"- 上年度问题：{problem}{status}；整改情况：{outcome}"
    if item.status is None:
        gap = f"【待补充：上年问题“{problem}”的整改情况】"
        return f"- 上年度问题：{problem}；整改状态和整改情况：未提供，原样写“{gap}”，不写整改状态或成效"
    return f"- 上年度问题：{problem}{status}；整改情况：未提供，写明整改状态，做法写“【待补充：整改情况】”，不写成效"


def _last_year_block(report: Report) -> str:
    parts: list[str] = []
    prior = report.prior
    prior_text = section_text(prior, "五") if prior else ""
    if prior and prior_text:
        parts.append(f"上年度（{prior.year}年）报告第五部分原文（不得重复其表述）：\n{prior_text}")
    if report.notes.followups:
        lines = [_followup_line(item) for item in report.notes.followups]
        parts.append("上年度问题的整改情况（工作人员提供）：\n" + "\n".join(lines))
    elif prior_text:
        parts.append("工作人员未提供上年度问题的整改情况：不要编写整改成效，只可写“上年度问题整改情况：【待补充】”。")
    if not parts:
        return "（未导入上年度报告，也未提供上年度问题的整改情况，不写这一内容。）"
    return "\n\n".join(parts)


# ---- section 六 ------------------------------------------------------------------------------------


def _section_6_values(report: Report, facts: Sequence[Fact]) -> dict[str, str]:
    if report.format == "F2021":
        rule = (
            "首先专门说明本年度依据《政府信息公开信息处理费管理办法》收取信息处理费的情况；"
            "未收取的，也要明确写明“未收取信息处理费”。"
        )
    else:
        rule = "如有收取信息处理费的情况，首先予以说明；没有任何需要报告的事项时，写“无其他需要报告的事项。”"
    items = report.notes.other.items
    item_text = "\n".join(f"- {item.strip()}" for item in items if item.strip()) or "（无）"
    fee_facts = [f for f in facts if f.key.startswith(("fee.", "text.other.")) or any(w in f.label for w in FEE_WORDS)]
    return {"fee_rule": rule, "fee": _fee_lines(report), "items": item_text, "facts": fact_lines(fee_facts)}


def _fee_lines(report: Report) -> str:
    other = report.notes.other
    if other.fee_notices_issued is None and other.fee_collected_yuan is None:
        return "工作人员尚未填写信息处理费情况：不得自行推断，写“本年度收取信息处理费情况：【待填写】”。"
    lines = []
    if other.fee_notices_issued is not None:
        lines.append(f"- 发出信息处理费收费通知：{other.fee_notices_issued} 件")
    if other.fee_collected_yuan is not None:
        amount = other.fee_collected_yuan
        lines.append("- 实际收取信息处理费：0 元（即未收取）" if amount == 0 else f"- 实际收取信息处理费：{amount} 元")
    return "\n".join(lines)


# ---- exemplars -------------------------------------------------------------------------------------


_EXEMPLAR_FIELD = re.compile(r"^(机关|年度)：(.+)$", re.MULTILINE)
_EXEMPLAR_HEADING = re.compile(r"^## (一|五|六)\s*$", re.MULTILINE)


@lru_cache(maxsize=4)
def load_exemplar(path: Path) -> tuple[str, dict[str, str]]:
    """(source, texts by section) of an exemplar file; ("", {}) when it is missing or malformed.

    The file opens with a comment holding 机关：… and 年度：… lines; each section follows a "## 一" heading.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "", {}
    fields = dict(_EXEMPLAR_FIELD.findall(text.partition("-->")[0]))
    parts = _EXEMPLAR_HEADING.split(text)[1:]
    texts = {sid: body.strip() for sid, body in zip(parts[::2], parts[1::2], strict=True) if body.strip()}
    if "机关" not in fields or "年度" not in fields:
        return "", {}
    return f"示例报告：{fields['机关'].strip()}{fields['年度'].strip()}年报告（虚构）", texts


def exemplar_passages(report: Report, section: str) -> list[tuple[str, str]]:
    """(source, text) passages whose register the model should follow.

    The user's own prior report is preferred; for 五 it is not used, because it is already shown as last
    year's text and must not be echoed (年年雷同). Otherwise the exemplar written for this project
    (examples/exemplar-f2021.md: a fictional agency, the 2021 format, section 一 by the five aspects).
    """
    prior = report.prior
    if prior is not None and section != "五" and section_text(prior, section):
        return [(f"{prior.agency}{prior.year}年报告", section_text(prior, section))]
    source, texts = load_exemplar(DEFAULT_EXEMPLAR)
    return [(source, texts[section])] if section in texts else []


def section_text(report: Report, section: str) -> str:
    """The current text of a report's section, stripped; empty when none."""
    state = report.sections.get(cast("SectionId", section))
    return state.text.strip() if state else ""


def render_exemplars(report: Report, section: str) -> str:
    """Exemplar passages as prompt text, each trimmed at a sentence end."""
    passages = exemplar_passages(report, section)
    if not passages:
        return "（无范文）"
    return "\n\n".join(f"〔{source}〕\n{trim(text, MAX_EXEMPLAR_CHARS)}" for source, text in passages)


def trim(text: str, limit: int) -> str:
    """Collapse blank lines and cut the text at the last full stop before `limit` characters."""
    text = re.sub(r"\n\s*\n+", "\n", text.strip())
    if len(text) <= limit:
        return text
    cut = text.rfind("。", 0, limit)
    return text[: cut + 1 if cut > limit // 2 else limit] + "……（节选）"


# ---- size -----------------------------------------------------------------------------------------

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def estimate_tokens(text: str) -> int:
    """A rough input-token count: ~1 token per 1.5 CJK characters (incl. full-width punctuation), 4 others."""
    cjk = len(_CJK.findall(text))
    return round(cjk / 1.5 + (len(text) - cjk) / 4)
