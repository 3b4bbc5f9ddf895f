"""The draft gate: every number in a draft must match a fact; coverage, length and similarity checks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from drafting.findings import Finding, Severity
from drafting.model import ASPECT_LABELS, Aspect, Report
from drafting.narrative.facts import Fact, build_facts, note_texts
from drafting.narrative.numerals import Bounds, NumberMention, extract_numbers, parse_chinese_numeral

__all__ = [
    "ASPECT_KEYWORDS",
    "MAX_SECTION_ONE_CHARS",
    "SIMILARITY_THRESHOLD",
    "Exemplar",
    "NumberMention",
    "Similarity",
    "check_draft",
    "extract_numbers",
    "match_fact",
    "section_similarities",
    "similarity",
    "similarity_report",
]

MAX_SECTION_ONE_CHARS = 1000

# Aspect keywords for section 一 (format-spec S7): the heading words and the usual ways drafters name them.
ASPECT_KEYWORDS: dict[Aspect, tuple[str, ...]] = {
    Aspect.ACTIVE: ("主动公开",),
    Aspect.ON_REQUEST: ("依申请公开", "依申请", "公开申请"),
    Aspect.MANAGEMENT: ("政府信息管理", "信息管理", "公开属性", "保密审查", "规范性文件管理"),
    Aspect.PLATFORM: ("平台建设", "公开平台", "政府网站", "门户网站", "公开专栏", "政务新媒体"),
    Aspect.OVERSIGHT: ("监督保障", "监督", "考核", "培训", "责任追究"),
}
GOVERNMENT_KEYWORDS: tuple[str, ...] = ("工作考核", "社会评议", "责任追究")
# 六 states the fee: 信息处理费 named, or a nil statement about charging (本年度未发生收费情况, 无收费事项).
_FEE = re.compile(r"信息(?:公开)?处理费|(?:未|没有|无)(?:发生|产生|收取)?[^。；，,]{0,3}收费(?:情况|事项|行为)?")
PLACEHOLDER = re.compile(r"【(?:请填写|请补充|待填写|待补充)[^】]*】")

# Similarity (G6): share of this text's character 4-grams (numbers masked) that already occur in the other
# text. Measured (benchmarks/bench_gate.py prints the table): reports of different agencies score 2–6 %;
# an honest rewrite from the same notes, or two drafts from the same offline template, 16–37 %; last
# year's text with new numbers 100 %, padded with 40 % new text 62 %, half copied 61 %. 50 % sits between:
# above it at least half of the wording is recycled, which 30号 calls 年年雷同.
SIMILARITY_THRESHOLD = 0.5
SIMILARITY_MIN_CHARS = 60  # short nil statements (本年度未收取信息处理费。) may repeat every year
_NGRAM = 4

_COUNT_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"件", "起", "宗", "个", "项", "份"}),
    frozenset({"条", "篇", "则"}),
    frozenset({"次", "场", "期", "轮"}),
    frozenset({"人", "名", "位"}),
)
_MONEY = {"元": Decimal(1), "万元": Decimal(10**4), "亿元": Decimal(10**8)}
_RATIO_UNITS = frozenset({"%", "个百分点"})

Exemplar = tuple[str, str]  # (source, passage): a text the draft must not copy (drafting.narrative.prompts gives them)


@dataclass(frozen=True)
class _Target:
    value: Decimal  # money in 元
    half_width: Decimal  # half the fact's rounding step
    unit: str  # money normalised to 元
    fact: Fact


def _target(fact: Fact) -> _Target:
    scale = _MONEY.get(fact.unit)
    rounding = fact.rounding or Decimal(0)
    if scale is not None:
        return _Target(fact.value * scale, rounding * scale / 2, "元", fact)
    return _Target(fact.value, rounding / 2, fact.unit, fact)


def _units_compatible(mention: NumberMention, target: _Target) -> bool:
    m_unit = "%" if mention.is_percent else mention.unit
    t_unit = target.unit
    if m_unit in _RATIO_UNITS or t_unit in _RATIO_UNITS:
        return m_unit == t_unit
    if m_unit == "元" or t_unit == "元":
        return m_unit == t_unit or "" in (m_unit, t_unit)
    if not m_unit or not t_unit or m_unit == t_unit:
        return True
    return any(m_unit in group and t_unit in group for group in _COUNT_GROUPS)


def _place(value: Decimal) -> Decimal:
    """Place value of the last non-zero digit: 340 → 10, 300 → 100, 55.1 → 0.1, 0 → 1."""
    if value == 0:
        return Decimal(1)
    return Decimal(1).scaleb(int(value.normalize().as_tuple().exponent))


def _value_matches(mention: NumberMention, target: _Target) -> bool:
    """Whether the fact's true value may be what the mention says, given rounding and the hedge.

    Without a hedge the mention must equal the fact, or, when either side is rounded, the two
    rounding intervals must overlap (55% for a share of 55.1%; 1.2万 for 12,345; 12.4万元 but not
    12.3万元 for 12.35万元, rounding half up). 余/多/超过/逾/以上
    mean "more than v but below v plus one unit of its last significant digit" (340余 = 341–349,
    300余 = 301–399); 近/将近/接近/不足/不到 mean "v minus that unit up to v"; 约/左右/大约 mean "within
    half that unit"; 以下/以内 mean "at most v".
    """
    v = abs(mention.value)
    fact_value = abs(target.value)
    lo, hi = fact_value - target.half_width, fact_value + target.half_width
    bounds = mention.bounds or (_hedge_bounds(mention) if mention.hedge else None)
    if bounds is not None:
        return bounds.admits(lo, hi)
    if target.half_width == 0 and mention.precision <= _place(fact_value):
        return v == fact_value
    half = mention.precision / 2
    if target.half_width == 0:
        return v - half <= fact_value < v + half  # the exact value rounds half-up to the mention
    return lo < v + half and v - half < hi  # two half-open rounding intervals overlap


def _hedge_bounds(mention: NumberMention) -> Bounds:
    """What a hedged number admits, one unit of its last significant digit wide (see _value_matches).

    近 below a power of ten from 100 up means the last tenth (近百 = 90–99, 近千 = 900–999), not 1–99.
    """
    v = abs(mention.value)
    unit = max(_place(v), mention.precision)
    hedge = mention.hedge
    if hedge in ("余", "多", "超过", "逾", "超"):
        return Bounds(v, v + unit, True, True)
    if hedge == "以上":
        return Bounds(v, v + unit, high_open=True)
    if hedge in ("近", "将近", "接近", "不足", "不到"):
        if v >= 100 and unit == v:
            unit = v / 10
        return Bounds(v - unit, v, high_open=True)
    if hedge in ("以下", "以内"):
        return Bounds(v - unit, v)
    return Bounds(v - unit / 2, v + unit / 2)  # 约, 大约, 左右


def _meaning(mention: NumberMention) -> str:
    """What a number in words or with a hedge was read as, for the message: （“近百件”即不低于90件、低于100件）."""
    bounds = mention.bounds or (_hedge_bounds(mention) if mention.hedge else None)
    if bounds is None:
        return ""
    unit = "%" if mention.is_percent else mention.unit
    return f"（“{_squash(mention.raw)}”即{bounds.describe(unit)}）"


def match_fact(mention: NumberMention, facts: Sequence[Fact]) -> Fact | None:
    """The first fact the mention can stand for (units compatible, value within rounding and hedge)."""
    for fact in facts:
        target = _target(fact)
        if _units_compatible(mention, target) and _value_matches(mention, target):
            return fact
    return None


# Bigrams too common in fact labels to say which figure a sentence is about.
_STOP_BIGRAMS = frozenset(
    {
        "政府",
        "府信",
        "信息",
        "息公",
        "公开",
        "开申",
        "申请",
        "本年",
        "年度",
        "行政",
        "的申",
        "请的",
        "件数",
        "全年",
        "理申",  # 受理/办理 + 申请
        "复申",  # 答复/重复 + 申请
        "本机",  # 本机关 names no row, although 无法提供（本机关不掌握…） carries it
        "机关",
    }
)
_RARE_WORD_FACTS = 4
_TABLE_KEYS = ("t2.", "t3.", "t4.", "share.", "prior.", "yoy.")
_CLAUSE_BREAK = re.compile(r"[，,。；;：:、（）()\n]")


# Other ways drafts name the main table figures, keyed by the fact key without its t3./prior./yoy. prefix.
_ALIASES = {
    "new.total": "新收申请 收到申请 受理申请",
    "carry_in.total": "上年结转",
    "received.total": "收到申请 受理申请",
    "total.total": "办结申请 已办结 办理完毕 答复",
    "carry_out.total": "结转下年度 继续办理",
    "review.total": "行政复议案件 复议申请",
    "lit.total": "行政诉讼案件 起诉",
    "disclosed.total": "予以公开和部分公开",
    "new.natural": "个人 公民",
}
# Label words that say which figure a clause is about, although too common to name one on their own.
_OTHER_WORDS = frozenset({"公开", "申请", "行政"})

# Issue 10 item 1, the first part. A named table fact that adds a qualifier to what the clause says is not
# what the clause names: 行政复议2件 is about 行政复议案件, not 行政复议结果维持 (2) nor 行政复议和行政诉讼案件.
# A fact keyed by a prefix here is named only when one of its words occurs in the clause.
_QUALIFIERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("t4.all.", ("诉讼", "起诉")),
    ("t4.lit_direct.", ("直接",)),
    ("t4.lit_after_review.", ("复议后",)),
    (".in_force", ("现行", "有效")),
    (".issued", ("制发", "印发", "出台", "制定", "发布", "新制", "新增")),
    (".repealed", ("废止", "废除", "失效", "取消")),
    (".maintain", ("维持",)),
    (".correct", ("纠正",)),
    (".other", ("其他",)),
    (".pending", ("审结", "未结", "审理中", "审理")),
    ("t3.new.natural", ("自然人", "个人", "公民", "群众")),
    ("t3.new.business", ("企业",)),
    ("t3.new.research", ("科研",)),
    ("t3.new.nonprofit", ("公益",)),
    ("t3.new.legal", ("法律服务", "律师")),
    ("t3.new.other", ("其他",)),
    ("t3.new.orgs", ("法人", "组织")),
    (".in_new", ("新收", "收到", "受理")),  # shares of 新收, not of 办结
)
# Sums matched only where their clause names them: 27 (予以公开及部分公开) must not pass 收到群众来信27件.
_NAMED_ONLY = frozenset({"t3.disclosed.total"})
# Last year's values (prior.) pass only in a sentence that speaks of last year; changes (yoy.) also after
# 增加/减少… (_direction). 上年结转 is this year's carry-in, not last year's figure.
_LAST_YEAR = re.compile(r"上一?年度?(?!度?结转)|去年|同比|同期|增幅|降幅|增减|变化|持平")


def _qualified(key: str, clause: str) -> bool:
    """Whether the clause holds the qualifier of every mark the key carries (a mark is a key prefix when it
    starts with t, else a key segment: .maintain marks t4.review.maintain, .disclosed share.disclosed.in_new)."""
    for mark, words in _QUALIFIERS:
        if _marks(key, mark) and not any(w in clause for w in words):
            return False
    # 予以公开和部分公开 (the sum and its shares) is what 公开比例 means, but not what 予以公开 alone says.
    return not (_marks(key, ".disclosed") and "予以" in clause and "部分" not in clause)


def _qualifiers_of(key: str) -> tuple[tuple[str, ...], ...]:
    return tuple(words for mark, words in _QUALIFIERS if _marks(key, mark))


def _marks(key: str, mark: str) -> bool:
    if mark.startswith("t"):
        return key.startswith(mark)
    return key.endswith(mark) or f"{mark}." in key


def _year_ok(key: str, context: str, direction: int) -> bool:
    """Whether a fact of last year (prior.) or of the change (yoy.) may stand for a number in this context."""
    if key.startswith("prior."):
        return _LAST_YEAR.search(context) is not None
    if key.startswith("yoy."):
        return bool(direction) or _LAST_YEAR.search(context) is not None
    return True


_HOW_SUMMED = re.compile(r"（[^）]*之和）")


def _short_key(key: str) -> str:
    """The figure a key is about, without this year / last year / change: yoy.new.total.pct → new.total."""
    for prefix in ("t2.", "t3.", "t4.", "prior.", "yoy."):
        key = key.removeprefix(prefix)
    return key.removesuffix(".pct")


def _fact_words(fact: Fact) -> str:
    short = fact.key.removesuffix(".pct")
    for prefix in ("t3.", "t4.", "prior.", "yoy."):
        short = short.removeprefix(prefix)
    label = _HOW_SUMMED.sub("", fact.label)  # 收到申请（新收与上年结转之和） does not name 新收
    return f"{label} {_ALIASES.get(short, '')}"


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} - _STOP_BIGRAMS


class _Matcher:
    """Facts indexed by exact value and by label bigrams.

    A number is resolved when some fact can stand for it. When the clause just before the number
    names particular facts (``结转下年度3件`` names 结转下年度继续办理), the number must match one of
    those: a 3 that happens to equal some other figure does not hide that the table says 4.
    """

    def __init__(self, facts: Sequence[Fact]) -> None:
        self.targets = [_target(f) for f in facts]
        self.exact: dict[Decimal, list[int]] = {}
        self.by_bigram: dict[str, list[int]] = {}
        self.sizes: list[int] = []
        self.grams: list[set[str]] = []  # the bigrams of each fact's label and aliases
        self.quals: list[tuple[tuple[str, ...], ...]] = []  # the qualifier words each fact needs
        for i, target in enumerate(self.targets):
            self.exact.setdefault(abs(target.value), []).append(i)
            self.sizes.append(len(_bigrams(target.fact.label)))
            self.grams.append(_bigrams(_fact_words(target.fact)))
            self.quals.append(_qualifiers_of(target.fact.key))
            for gram in self.grams[i]:
                self.by_bigram.setdefault(gram, []).append(i)
        self.staff = _Staff(self.targets)

    def named(self, clause: str, mention: NumberMention) -> list[int]:
        """Indexes of the facts the clause names: two or more label bigrams near the best, or one rare one.

        Best first (most bigrams, then the shortest label: 行政复议5起 is about 行政复议案件, not 行政复议结果维持),
        so the first is the fact a contradicted number's hint names.
        """
        scores: dict[int, int] = {}
        for gram in _bigrams(clause):
            for i in self.by_bigram.get(gram, ()):
                scores[i] = scores.get(i, 0) + 1
        scores = {i: s for i, s in scores.items() if _units_compatible(mention, self.targets[i])}
        if not scores:
            return []
        best = max(scores.values())
        if best >= 2:
            named = [i for i, s in scores.items() if s >= max(2, best - 1)]
        else:  # one shared word names the figure only when few figures carry it (废止, 办结, 现行, 受理)
            figures = {_short_key(self.targets[i].fact.key) for i in scores}
            named = list(scores) if len(figures) <= _RARE_WORD_FACTS else []
        named = [i for i in named if self.qualified(i, clause)]
        named.sort(key=lambda i: (-scores[i], self.sizes[i], i))
        # Only table figures are authoritative enough to overrule a match elsewhere (format-spec I11).
        return named if any(self.targets[i].fact.key.startswith(_TABLE_KEYS) for i in named) else []

    def find(
        self,
        mention: NumberMention,
        clause: str = "",
        context: str | None = None,
        around: str | None = None,
        after: str = "",
    ) -> tuple[Fact | None, Fact | None]:
        """(the fact matched, or None; the fact the clause names when the number contradicts it).

        `context` is the sentence up to the number: last year's values need 上年/去年/同比 in it. With
        `around` (the words around the number), a table figure the clause does not name is matched only
        when those words still name it (tied): a value that merely coincides is not a match.
        """
        context = clause if context is None else context
        named = self._changes_of_subject(self.named(clause, mention), context, mention) if clause else []
        if not named and after:  # 另有22件不予公开: nothing before the number names it, the words after do
            named = self.named(after, mention)
        direction = _direction(clause)

        around_grams = _bigrams(around) if around is not None and not named else None

        def usable(i: int) -> bool:
            target = self.targets[i]
            key = target.fact.key
            if (
                not named
                and key in _NAMED_ONLY
                and (around_grams is None or not self._tied(i, around_grams, around or ""))
            ):
                return False
            same_way = _same_way(target, direction) and _year_ok(key, context, direction)
            return same_way and _units_compatible(mention, target)

        def tied(i: int) -> bool:
            return around_grams is None or self._tied(i, around_grams, around or "")

        pool = named or range(len(self.targets))
        if not mention.hedge and mention.bounds is None:
            for i in self.exact.get(abs(mention.value), ()):
                if (not named or i in named) and usable(i) and tied(i):
                    return self.targets[i].fact, None
        for i in pool:
            if usable(i) and _value_matches(mention, self.targets[i]) and tied(i):
                return self.targets[i].fact, None
        if not named:
            return None, None
        first = next((i for i in named if not self.targets[i].fact.key.startswith(("prior.", "yoy."))), named[0])
        return None, self.targets[first].fact

    def _changes_of_subject(self, named: list[int], sentence: str, mention: NumberMention) -> list[int]:
        """A clause that names only changes (比上年增加10件) is about the change of what its sentence names:
        共收到申请52件，较上年增加12件 is the change of 收到, not of any headline figure that rose."""
        if not named or not all(self.targets[i].fact.key.startswith("yoy.") for i in named):
            return named
        subjects = {_short_key(self.targets[i].fact.key) for i in self.named(sentence, mention)}
        narrowed = [i for i in named if _short_key(self.targets[i].fact.key) in subjects]
        return narrowed or named

    def _tied(self, i: int, grams: set[str], words: str) -> bool:
        """Whether the words around a number name the table fact it matched by value (a label word in
        common, the fact's qualifier present): 共计8件 after 开展专项督查3次 names no table figure."""
        key = self.targets[i].fact.key
        if not key.startswith(_TABLE_KEYS):
            return True
        return not self.grams[i].isdisjoint(grams) and self.qualified(i, words)

    def qualified(self, i: int, clause: str) -> bool:
        """_qualified for fact i, with its qualifiers looked up once."""
        if not all(any(w in clause for w in words) for words in self.quals[i]):
            return False
        return _qualified(self.targets[i].fact.key, clause) if ".disclosed" in self.targets[i].fact.key else True

    def other(self, mention: NumberMention, clause: str) -> Fact | None:
        """A table figure (this year's or last year's) equal to the number and sharing a word with the clause,
        for "the table's X is N" in a message; the one sharing most words."""
        if mention.hedge or mention.bounds is not None:
            return None
        raw = {clause[i : i + 2] for i in range(len(clause) - 1)}
        words = _bigrams(clause) | (raw & _OTHER_WORDS)
        best, best_score = None, 0
        for i in self.exact.get(abs(mention.value), ()):
            target = self.targets[i]
            if target.fact.key.startswith(("t3.", "t4.", "prior.")) and _units_compatible(mention, target):
                label = _fact_words(target.fact)
                grams = {label[j : j + 2] for j in range(len(label) - 1)} - (_STOP_BIGRAMS - _OTHER_WORDS)
                score = len(words & grams)
                if score > best_score:
                    best, best_score = target.fact, score
        return best


# ---- staff figures: bound to their names (issue 10 item 7) -------------------------------------------
# A staff key figure (关键数字: name + value + unit, fact key note.<aspect>.<i>) is not a table cell: many
# notes share small values (3 次, 4 次), so a number equal to one proves little. A number that matches a
# staff figure by value is accepted only when the words around it name that figure:
#   0. in a clause with 分别 naming as many figures as numbers follow it, the figure paired by order decides
#      (门户网站专栏和微信公众号分别发布信息612条和845条);
#   1. the words before it back to the previous number or clause delimiter (，。；：), then the words after
#      it up to the next number or delimiter, then its whole clause: the first of these that *names* a staff
#      figure decides. Naming = at least 40 % of the figure's distinctive characters occur, two of them
#      besides the publishing verb; only the best-scoring figures of compatible unit count.
#      The number must equal one of the named figures, else it is an error naming both (the swap).
#   2. otherwise the number passes when its clause or the subject of its sentence (the first clause after
#      。；) shares a distinctive character with a figure of that value (培训126人次 for 参训人员).
#   3. otherwise the subject, when it names a figure, decides as in 1 (门户网站专栏全年发布信息，共计845条).
#   4. otherwise the number is "无法核实": a warning, unless a number in the staff's own note text has the
#      same value (as before).
# Distinctive characters: the name with 信息, 各类, 全年, 开展, 组织 … removed and 发布/公开/更新/推送/发表
# taken as one word.

_STAFF_KEY = "note."
_PUBLISH = re.compile(r"发布|公开|更新|推送|刊发|发表|公布|上传")
_VERB = "⊕"  # the publishing verbs, one token
_COMMON = re.compile(
    r"信息|各类|政府|全年|本年度|本年|年度|共计|累计|合计|总计|通过|依托|利用|其中|相关|开展|组织|召开|举办|进行|完成"
    r"|[的了和及与等共在对为达]"
)
_STAFF_CLAUSE = re.compile(r"[，,。；;：:！？!?\n]")
_SENTENCE_START = re.compile(r"[。；;！？!?\n]")
_NAMED_SHARE = 0.4


def _name_chars(text: str) -> frozenset[str]:
    return frozenset(_COMMON.sub("", _PUBLISH.sub(_VERB, text)))


@dataclass(frozen=True)
class _StaffVerdict:
    """How a number equal to a staff figure stands: ok, a swap (said of `named`, equal to `other`) or unverifiable."""

    ok: bool
    named: Fact | None = None
    other: Fact | None = None


class _Staff:
    """The staff figures of a fact list with their distinctive characters."""

    def __init__(self, targets: Sequence[_Target]) -> None:
        self.items = [(t, _name_chars(t.fact.label)) for t in targets if t.fact.key.startswith(_STAFF_KEY)]
        # Whole values are found by value for a plain whole number; the rest are compared one by one.
        self.whole: dict[Decimal, list[_Target]] = {}
        self.rest: list[_Target] = []
        for t, _ in self.items:
            if t.half_width == 0 and t.value == t.value.to_integral_value():
                self.whole.setdefault(abs(t.value), []).append(t)
            else:
                self.rest.append(t)

    def equal(self, mention: NumberMention) -> list[_Target]:
        """The staff figures the number may stand for (units compatible, value within rounding and hedge)."""
        if mention.hedge or mention.bounds is not None or mention.precision != 1:
            pool: Iterable[_Target] = (t for t, _ in self.items)
        else:
            pool = [*self.whole.get(abs(mention.value), ()), *self.rest]
        return [t for t in pool if _units_compatible(mention, t) and _value_matches(mention, t)]

    def named(self, part: str, mention: NumberMention) -> list[_Target]:
        """The staff figures of compatible unit the words name best (at least 40 % of their characters)."""
        if not part:
            return []
        chars = _name_chars(part)
        best, found = 0.0, []
        for target, name in self.items:
            if not name or not _units_compatible(mention, target):
                continue
            common = name & chars
            score = len(common) / len(name)
            if score < _NAMED_SHARE or len(common - {_VERB}) < min(2, len(name - {_VERB})):
                continue
            if score > best:
                best, found = score, [target]
            elif score == best:
                found.append(target)
        return found

    def verdict(self, text: str, mention: NumberMention, prev_end: int, next_start: int) -> _StaffVerdict:
        """Whether a number that matches a staff figure by value is that figure (see the rules above)."""
        equal = self.equal(mention)
        if not equal:
            return _StaffVerdict(True)
        start, end = _clause_span(text, mention)
        before = text[max(start, prev_end) : mention.start]
        after = text[mention.end : min(end, next_start) if next_start > mention.end else end]
        clause = text[start:end]
        if "分别" in clause:
            named = _respectively(self.named(clause, mention), clause, mention.start - start)
            if named:
                return _decide(named, equal)
        for part in (before, after, clause):
            named = self.named(part, mention)
            if named:
                return _decide(named, equal)
        subject = _subject(text, start)
        words = _name_chars(clause + subject) - {_VERB}
        if any(words & name for t, name in self.items if t in equal):
            return _StaffVerdict(True)
        named = self.named(subject, mention)
        if named:
            return _decide(named, equal)
        return _StaffVerdict(False, None, equal[0].fact)

    def about(self, text: str, mention: NumberMention) -> Fact | None:
        """The staff figure the number's clause (or else its sentence's subject) names, for a hint."""
        start, end = _clause_span(text, mention)
        named = self.named(text[start:end], mention) or self.named(_subject(text, start), mention)
        return named[0].fact if named else None


def _respectively(named: list[_Target], clause: str, offset: int) -> list[_Target]:
    """With 分别, the figure paired with the number by order: 门户网站专栏和微信公众号分别发布信息612条和845条
    pairs the first name with the first number; [] when names and numbers do not pair one to one."""
    head, _, tail = clause.partition("分别")
    figures = [m for m in extract_numbers(tail) if m.is_figure]
    numbers = [m.start + len(head) + 2 for m in figures]
    if len(named) < 2 or len(figures) != len(named) or offset not in numbers:
        return []
    plain = _COMMON.sub("", _PUBLISH.sub(_VERB, head))

    def first_seen(target: _Target) -> int:
        name = _COMMON.sub("", _PUBLISH.sub(_VERB, target.fact.label)).replace(_VERB, "")
        found = [plain.find(name[i : i + 2]) for i in range(len(name) - 1)]
        return min((f for f in found if f >= 0), default=len(plain))

    ordered = sorted(named, key=first_seen)
    return [ordered[numbers.index(offset)]]


def _decide(named: list[_Target], equal: list[_Target]) -> _StaffVerdict:
    if any(t in equal for t in named):
        return _StaffVerdict(True)
    return _StaffVerdict(False, named[0].fact, equal[0].fact)


def _clause_span(text: str, mention: NumberMention) -> tuple[int, int]:
    """The clause of a number: between the delimiters ，。；：（and ！？, line breaks) around it."""
    start, limit = mention.start, max(0, mention.start - 200)
    while start > limit and not _STAFF_CLAUSE.match(text[start - 1]):
        start -= 1
    found = _STAFF_CLAUSE.search(text, mention.end)
    return start, found.start() if found else len(text)


def _subject(text: str, clause_start: int) -> str:
    """The first clause of the sentence the clause belongs to, when that is another clause ('' otherwise)."""
    head = text[max(0, clause_start - 200) : clause_start]
    sentence = _SENTENCE_START.split(head)[-1]
    return _STAFF_CLAUSE.split(sentence)[0] if sentence else ""


_UP = ("增加", "增长", "上升", "提高", "增多", "多出")
_DOWN = ("减少", "下降", "降低", "减")


def _direction(clause: str) -> int:
    """+1 when the number follows 增加/增长…, -1 after 减少/下降…, else 0."""
    tail = clause.removesuffix("了")
    if tail.endswith(_UP):
        return 1
    return -1 if tail.endswith(_DOWN) else 0


def _same_way(target: _Target, direction: int) -> bool:
    """A change said to go up must be a positive change (and down, negative); other facts are unsigned."""
    if not direction or not target.fact.key.startswith("yoy."):
        return True
    return target.value * direction > 0


def check_draft(
    report: Report,
    section: str,
    text: str,
    facts: Sequence[Fact] | None = None,
    exemplars: Sequence[Exemplar] = (),
) -> list[Finding]:
    """All gate findings on a draft of section 一, 五 or 六.

    G1 unresolved number (error, blocks "final"), including a year the report is not about (2022年 in a 2023
    report without last year's report or a note naming 2022) and a share in words no fact admits (六成以上,
    三分之二, 过半); numbers that state no statistic (成立70周年, “三个一”, 30公里) are never flagged, and a lone
    一 before a measure word is only a warning; G2 aspect missing from 一 (warning); G3 no 信息处理费
    in 六 for F2021 (error); G4 一 longer than 1000 characters for F2021 (warning); G5 empty section
    (error); G6 too similar to last year's section or to an exemplar (warning); G7 a 【请填写…】
    placeholder left by the offline drafter (warning); G8 section 五 checked while no problem is entered
    in the notes, so the text can only be generic (warning). `exemplars` are the (source, passage) texts
    G6 compares with besides last year's section (drafting.narrative.draft.check_section hands in the drafter's).
    """
    if not text.strip():
        return [Finding("G5", Severity.ERROR, f"第{section}部分没有内容，请填写或生成正文", section=section)]
    fact_list = list(facts) if facts is not None else build_facts(report)
    waived = set(report.sections[section].waived) if section in report.sections else set()
    findings = [f for f in _number_findings(report, section, text, fact_list) if f.waiver not in waived]
    findings.extend(_coverage_findings(report, section, text))
    findings.extend(_similarity_findings(report, section, text, exemplars))
    return findings


def _matcher_for(facts: list[Fact]) -> _Matcher:
    """The matcher of these facts, built once for the recent fact lists (the app checks three sections per
    revision, and many staff's reports are open in one process; facts are frozen, so a tuple of them is a key).
    The values' own spelling is part of the key: Decimal("340") == Decimal("340.0"), and hints quote them."""
    return _matcher_of(tuple(facts), tuple(str(f.value) for f in facts))


@lru_cache(maxsize=64)  # about 0.5 MB each for a full report's 190 facts
def _matcher_of(facts: tuple[Fact, ...], spelled: tuple[str, ...]) -> _Matcher:
    return _Matcher(facts)


def _number_findings(report: Report, section: str, text: str, facts: list[Fact]) -> list[Finding]:
    matcher = _matcher_for(facts)
    name_spans = _name_spans(text, report.agency)
    years: frozenset[int] | None = None
    shares: list[tuple[Bounds, set[str]]] | None = None
    findings: list[Finding] = []
    mentions = extract_numbers(text)
    last_year = f"{report.year - 1}年"
    for k, mention in enumerate(mentions):
        if any(a <= mention.start < b for a, b in name_spans):
            continue
        if mention.is_year:
            years = _known_years(report, facts) if years is None else years
            if not _year_resolves(text, mention, report.year, years):
                findings.append(_stray_year(report, section, text, mention))
            continue
        if not (mention.is_figure or mention.kind == "share"):
            continue
        clause = _clause_before(text, mention.start)
        sentence = _sentence_before(text, mention.start)
        if last_year in sentence:  # 2022年本局新收申请38件 speaks of last year as 上年 does
            sentence += "上年"
        fact, named = matcher.find(mention, clause, sentence, _words_around(text, mention), _noun_after(text, mention))
        if fact is None and named is None and mention.bounds is not None:
            shares = _note_shares(report) if shares is None else shares
            if _noted_share(mention.bounds, clause, shares):
                continue
        if fact is None and named is None:
            loose = matcher.find(mention, clause, sentence)[0]  # a table figure of that value, named nowhere near
            if loose is not None:
                findings.append(_untied(section, text, mention, loose, matcher.staff.about(text, mention)))
                continue
        if fact is not None and fact.key.startswith(_STAFF_KEY):
            prev_end = mentions[k - 1].end if k else 0
            next_start = mentions[k + 1].start if k + 1 < len(mentions) else len(text)
            verdict = matcher.staff.verdict(text, mention, prev_end, next_start)
            if not verdict.ok and not (verdict.named is None and _in_note_text(mention, facts)):
                findings.append(_staff_finding(section, text, mention, verdict))
            continue
        if fact is None:
            hint = named or matcher.staff.about(text, mention) or _closest_fact(text, mention, facts)
            other = matcher.other(mention, clause) if named is not None else None
            findings.append(_unresolved(section, text, mention, hint, other))
    return findings


_NEXT_NUMBER = re.compile(r"[0-9０-９零〇一二两三四五六七八九十百千万]")


def _noun_after(text: str, mention: NumberMention) -> str:
    """The words right after a number, up to the next delimiter or number: 22件【不予公开】，…"""
    after = _CLAUSE_BREAK.split(text[mention.end : mention.end + 16])[0]  # 、and brackets end it too
    found = _NEXT_NUMBER.search(after)
    return after[: found.start()] if found else after


def _words_around(text: str, mention: NumberMention) -> str:
    """The sentence up to the number and its clause after it: what may name the figure a number states."""
    after = _STAFF_CLAUSE.split(text[mention.end : mention.end + 30])[0]
    return _sentence_before(text, mention.start) + after


def _untied(section: str, text: str, mention: NumberMention, equal: Fact, about: Fact | None) -> Finding:
    """A number equal to a table figure its words do not name: an error when they name a staff figure
    instead (清理行政规范性文件41件 while the notes say 56), else a warning that it cannot be verified."""
    if about is not None:
        return _staff_finding(section, text, mention, _StaffVerdict(False, about, equal))
    return _staff_finding(section, text, mention, _StaffVerdict(False, None, equal))


def _in_note_text(mention: NumberMention, facts: list[Fact]) -> bool:
    """Whether a number in the staff's own note text has the mention's value (text.… facts)."""
    notes = (_target(f) for f in facts if f.key.startswith("text."))
    return any(_units_compatible(mention, t) and _value_matches(mention, t) for t in notes)


def _staff_finding(section: str, text: str, mention: NumberMention, verdict: _StaffVerdict) -> Finding:
    """A number equal to one figure in a clause about a staff figure (error), or about none (warning)."""
    where = f"{_context(text, mention)}{_meaning(mention)}"
    other = verdict.other
    assert other is not None
    source = "表格" if other.key.startswith(_TABLE_KEYS) else "工作情况"
    where_other = "表格中" if source == "表格" else ""
    if verdict.named is not None:
        said = verdict.named
        message = (
            f"第{section}部分的数字与工作情况不符：{where}。{_squash(mention.raw)}：工作情况中“{said.label}”为 "
            f"{_amount(said)}，这句话说的是{said.label}；而 {_amount(other)}是{where_other}“{other.label}”的数字。"
            "请改为正确的数字，确认无误的可标记为忽略。"
        )
        return Finding("G1", Severity.ERROR, message, (), section, mention.span, waiver_key(text, mention.span))
    example = f"{other.label.split('（')[0]}{_amount(other).replace(' ', '')}"
    message = (
        f"第{section}部分的数字“{mention.raw}”无法核实：{where}。它与{source}中“{other.label}”的 {_amount(other)}"
        f"相同，但这句话没有写明说的是哪一项。请在数字前写明所指的事项（如“{example}”），确认无误的可标记为忽略。"
    )
    return Finding("G1", Severity.WARNING, message, (), section, mention.span, waiver_key(text, mention.span))


def _amount(fact: Fact) -> str:
    """A fact's value with its unit: 612 条, 55.1%."""
    return fact.display.removeprefix(fact.label).strip()


def _note_shares(report: Report) -> list[tuple[Bounds, set[str]]]:
    """Shares the staff wrote in words (占解读总数近一半), each with the bigrams of the words before it."""
    return [
        (m.bounds, _bigrams(_clause_before(text, m.start)))
        for _, _, text, _ in note_texts(report)
        for m in extract_numbers(text)
        if m.bounds is not None and m.kind == "share"
    ]


def _noted_share(bounds: Bounds, clause: str, shares: list[tuple[Bounds, set[str]]]) -> bool:
    """A share in words the notes state about the same thing (two words in common), or one they imply:
    notes 占解读总数近一半 → 占解读总数近一半, 占解读总数四成以上; never 占解读总数过半."""
    words = _bigrams(clause)
    return any(bounds.covers(note) and len(words & about) >= 2 for note, about in shares)


# ---- years -----------------------------------------------------------------------------------------

_YEAR_WORD = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])|[一二][〇零一二三四五六七八九]{3}")
_FORWARD = ("将", "下一步", "计划", "拟", "力争", "今后", "明年", "新的一年", "预计", "结转")
_PERIOD_WORDS = ("至", "到", "起", "止", "—", "-", "－", "～", "~")
_PUBLISHED = re.compile(r"[ \u3000]?年[ \u3000]?(?:0?[1-3]|[一二三])[ \u3000]?月")
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_RANGE_TO = re.compile(r"[ \u3000]?年?[ \u3000]?[-—–－~～至到]{1,2}[ \u3000]?((?:19|20)[0-9]{2})(?![0-9])")
_RANGE_FROM = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[ \u3000]?年?[ \u3000]?[-—–－~～至到]{1,2}[ \u3000]?$")
_YMD = re.compile(r"[0-9]{4}[-./]")
_EARLY_YMD = re.compile(r"[0-9]{4}[-./]0?[1-3](?![0-9])")
_WITH_MONTH = re.compile(r"[ \u3000]?年[ \u3000]?[0-9一二三四五六七八九十]")


def _known_years(report: Report, facts: Sequence[Fact]) -> frozenset[int]:
    """Years a draft may name: the report year; the prior year when last year's report is attached or notes
    follow up last year's problems; every year the notes and the facts mention (2021年以来 in a note)."""
    years = {report.year}
    if report.prior is not None or report.notes.followups:
        years.add(report.year - 1)
    if report.prior is not None:
        years.add(report.prior.year)
    words = [text for _, _, text, _ in note_texts(report)]
    words += [f.label for f in facts if not f.key.startswith(_TABLE_KEYS)]  # table labels name no year
    for match in _YEAR_WORD.finditer(" ".join(words)):
        value = parse_chinese_numeral(match.group()) if not match.group().isdigit() else int(match.group())
        if value is not None:
            years.add(int(value))
    return frozenset(years)


def _year_resolves(text: str, mention: NumberMention, report_year: int, years: frozenset[int]) -> bool:
    """A known year passes; so does the next year as the date the report is published (2024年1月17日) or
    in a plan (2024年，将…); any other year, or the next year as a statistics period, is flagged."""
    year = int(mention.value)
    if year in years or _range_holds(text, mention, report_year):
        return True
    if year != report_year + 1:
        return False
    ymd = _YMD.match(mention.raw) is not None  # 2024-01-17
    if not ymd and _WITH_MONTH.match(text, mention.end) is None:
        return _in_a_plan(text, mention)
    around = text[max(0, mention.start - 2) : mention.start] + text[mention.end : mention.end + 12]
    early = _PUBLISHED.match(text, mention.end) is not None or _EARLY_YMD.match(mention.raw) is not None
    return early and not any(w in around for w in _PERIOD_WORDS)


def _in_a_plan(text: str, mention: NumberMention) -> bool:
    """Whether the sentence of a bare year looks forward (2024年，将…; 下一步，2024年…)."""
    sentence = _SENTENCE_END.split(text[max(0, mention.start - 40) : mention.start])[-1]
    sentence += _SENTENCE_END.split(text[mention.end : mention.end + 40])[0]
    return any(cue in sentence for cue in _FORWARD)


def _range_holds(text: str, mention: NumberMention, report_year: int) -> bool:
    """Whether the year begins or ends a range of years that holds the report year (2021—2023年, 2023至2025年)."""
    year = int(mention.value)
    after = _RANGE_TO.match(text, mention.end)
    if after is not None and year <= report_year <= int(after.group(1)):
        return True
    before = _RANGE_FROM.search(text, max(0, mention.start - 8), mention.start)
    return before is not None and int(before.group(1)) <= report_year <= year


def _stray_year(report: Report, section: str, text: str, mention: NumberMention) -> Finding:
    year = int(mention.value)
    prior = "，也没有导入上年报告" if year == report.year - 1 and report.prior is None else ""
    message = (
        f"第{section}部分的年份“{year}年”不是本报告的年度（{report.year}年）：{_context(text, mention)}。"
        f"表格和工作情况中都没有提到{year}年{prior}。本报告只写{report.year}年度的情况：应为{report.year}年的请改正；"
        f"确需写明{year}年的，请在“工作情况”中写明后重新检查，或确认无误后标记为忽略。"
    )
    return Finding("G1", Severity.ERROR, message, (), section, mention.span, waiver_key(text, mention.span))


def _clause_before(text: str, start: int, width: int = 14) -> str:
    head = text[max(0, start - width) : start]
    return _CLAUSE_BREAK.split(head)[-1]


def _name_spans(text: str, name: str) -> list[tuple[int, int]]:
    if not name or not any(c.isdigit() or c in "一二三四五六七八九十" for c in name):
        return []
    return [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]


_SPACES = re.compile(r"\s+")
_END_MARKS = "。，；：、！？,.;:!? "


def _squash(part: str) -> str:
    """Whitespace runs (line breaks, indents) as one space, so a quote stays on one line."""
    return _SPACES.sub(" ", part)


def _context(text: str, mention: NumberMention, width: int = 12) -> str:
    """The number in its words, on one line and without closing punctuation (the message adds its own 。)."""
    left = _squash(text[max(0, mention.start - width) : mention.start]).lstrip()
    right = _squash(text[mention.end : mention.end + width]).rstrip()
    lead = "…" if mention.start > width else ""
    trail = "…" if len(text) > mention.end + width else ""
    if not trail:
        right = right.rstrip(_END_MARKS)
    return f"{lead}{left}【{_squash(mention.raw)}】{right}{trail}"


def _sentence_before(text: str, start: int) -> str:
    """The sentence up to the number (at most 60 characters back)."""
    return _SENTENCE_END.split(text[max(0, start - 60) : start])[-1]


def _both(mention: NumberMention, said: Fact, other: Fact) -> str:
    """3件：表格中的“行政复议案件”为 3 件，这句话说的是“行政诉讼案件”。"""
    if other.key == said.key:
        return ""
    where = "上年报告中" if other.key.startswith("prior.") else "表格中"
    tail = "；写上年的数字请写明“上年”" if other.key.startswith("prior.") else ""
    return f"{_squash(mention.raw)}：{where}的“{other.label}”为 {_amount(other)}，这句话说的是“{said.label}”{tail}。"


def _unresolved(
    section: str, text: str, mention: NumberMention, hint: Fact | None, other: Fact | None = None
) -> Finding:
    suggestion = f"表格或工作情况中相关的数据是：{hint.display}。" if hint else ""
    if hint is not None and other is not None:
        suggestion += _both(mention, hint, other)
    cells = (hint.key,) if hint and hint.key.startswith(("t2.", "t3.", "t4.")) else ()
    weak = "（若此处“一”只是泛指而非数量，可忽略本提示）" if mention.weak else ""
    where = f"{_context(text, mention)}{_meaning(mention)}"
    message = (
        f"第{section}部分的数字“{mention.raw}”在表格和工作情况中找不到依据：{where}。"
        f"{suggestion}请改为正确的数字或删除，确认无误的可标记为忽略。{weak}"
    )
    severity = Severity.WARNING if mention.weak else Severity.ERROR
    return Finding("G1", severity, message, cells, section, mention.span, waiver_key(text, mention.span))


def waiver_key(text: str, span: tuple[int, int], width: int = 8) -> str:
    """How a confirmed number is remembered: the number with the words around it, so that a waiver
    stops applying once the sentence it was given for is rewritten."""
    start, end = span
    return text[max(0, start - width) : end + width // 2]


def _closest_fact(text: str, mention: NumberMention, facts: list[Fact]) -> Fact | None:
    """The table or note fact whose label best matches the clause just before the number, for a hint."""
    pairs = _bigrams(_clause_before(text, mention.start))
    best, best_score = None, 0
    for fact in facts:
        if not fact.key.startswith(("t2.", "t3.", "t4.", "note.", "fee.", "share.")):
            continue
        if not _units_compatible(mention, _target(fact)):
            continue
        label = _bigrams(fact.label)
        score = len(pairs & label)
        if score > best_score or (score == best_score and score and best and len(label) < len(_bigrams(best.label))):
            best, best_score = fact, score
    return best


# ---- coverage --------------------------------------------------------------------------------------


def _coverage_findings(report: Report, section: str, text: str) -> list[Finding]:
    findings: list[Finding] = []
    if section == "一":
        for aspect, words in ASPECT_KEYWORDS.items():
            if not any(w in text for w in words):
                message = (
                    f"第一部分“总体情况”没有写到“{ASPECT_LABELS[aspect]}”方面的情况（条例要求涵盖五个方面），请补充"
                )
                findings.append(Finding("G2", Severity.WARNING, message, section=section))
        if report.kind == "人民政府":
            missing = [w for w in GOVERNMENT_KEYWORDS if w not in text]
            if missing:
                message = (
                    f"人民政府的年报在“监督保障”中应写明工作考核、社会评议和责任追究结果情况，"
                    f"正文缺少：{'、'.join(missing)}，请补充"
                )
                findings.append(Finding("G2", Severity.WARNING, message, section=section))
        length = count_chars(text)
        if report.format == "F2021" and length > MAX_SECTION_ONE_CHARS:
            message = f"第一部分“总体情况”共 {length} 字，超过格式要求的原则上不超过 {MAX_SECTION_ONE_CHARS} 字，请精简"
            findings.append(Finding("G4", Severity.WARNING, message, section=section))
    for match in PLACEHOLDER.finditer(text):
        message = f"第{section}部分还有待填写的内容“{match.group()}”，请填写实际情况后再定稿"
        findings.append(Finding("G7", Severity.WARNING, message, section=section, span=match.span()))
    if section == "五" and not any(p.problem.strip() for p in report.notes.problems):
        message = (
            "“工作情况”中尚未填写本年存在的问题，自动起草的第五部分只能留下【待补充】的位置，"
            "而年报要求问题和措施具体、不得泛泛而谈：请在“工作情况”页“五、存在的主要问题及改进情况”中"
            "逐条填写本机关存在的问题和改进措施，再重新生成本部分（正文已写明具体问题的，可忽略本提示）"
        )
        findings.append(Finding("G8", Severity.WARNING, message, section=section))
    if section == "六" and report.format == "F2021" and not _FEE.search(text):
        message = "第六部分必须专门报告信息处理费的收取情况（未收取的也要写明“未收取信息处理费”），请补充"
        findings.append(Finding("G3", Severity.ERROR, message, section=section))
    return findings


def count_chars(text: str) -> int:
    """Characters as the 1000-character limit counts them: everything except whitespace."""
    return len("".join(text.split()))


# ---- similarity ------------------------------------------------------------------------------------

_MASK = re.compile(r"[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万亿]+")
_NOISE = re.compile(r"[\s\u3000，。；：、,.;:“”‘’\"'（）()《》【】!！?？—-]+")


@lru_cache(maxsize=64)
def _grams(text: str) -> frozenset[str]:
    clean = _NOISE.sub("", _MASK.sub("#", text))
    return frozenset(clean[i : i + _NGRAM] for i in range(max(0, len(clean) - _NGRAM + 1)))


def similarity(a: str, b: str) -> float:
    """How much of text `a` is already in text `b` (0..1): shared character 4-grams over a's 4-grams.

    Numbers are masked first, so last year's text with this year's figures still scores 1.0;
    punctuation and whitespace are ignored. Asymmetric on purpose: a new draft that pads a copy
    of last year's text with a few new sentences is still mostly old text.
    """
    grams_a = _grams(a)
    if not grams_a:
        return 0.0
    return len(grams_a & _grams(b)) / len(grams_a)


@dataclass(frozen=True)
class Similarity:
    """The similarity of a section to one reference text, for display as a percentage.

    `reference` says what was compared ("上年同一部分", "范文", or "范文1" for the exemplars given to
    check_draft); `source` names an exemplar (示例报告：…年报告). `short` marks a text too short to
    warn about (nil statements such as 本年度未收取信息处理费。 may repeat every year).
    """

    reference: str
    ratio: float
    source: str = ""
    short: bool = False

    @property
    def percent(self) -> int:
        """The ratio as a whole percentage."""
        return round(self.ratio * 100)

    @property
    def too_high(self) -> bool:
        """True above the threshold, whatever the text's length."""
        return self.ratio > SIMILARITY_THRESHOLD

    @property
    def warn(self) -> bool:
        """True when G6 warns: above the threshold, for a text long enough to be checked."""
        return self.too_high and not self.short

    def describe(self) -> str:
        """In Chinese, e.g. 与上年同一部分相似度 19%, with what to do when it is too high."""
        what = f"{self.reference}（{self.source}）" if self.source else self.reference
        text = f"与{what}相似度 {self.percent}%"
        if self.warn:
            limit = round(SIMILARITY_THRESHOLD * 100)
            text += f"，超过 {limit}%：年报内容不得年年雷同，请结合本年度实际情况改写"
        return text


def section_similarities(report: Report, section: str, text: str, exemplars: Iterable[str] = ()) -> list[Similarity]:
    """Similarity of the text to last year's same section (when known) and to each given exemplar text."""
    short = count_chars(text) < SIMILARITY_MIN_CHARS
    result: list[Similarity] = []
    last_year = _prior_text(report, section)
    if last_year:
        result.append(Similarity("上年同一部分", similarity(text, last_year), short=short))
    for i, exemplar in enumerate(exemplars, start=1):
        if exemplar.strip():
            result.append(Similarity(f"范文{i}", similarity(text, exemplar), short=short))
    return result


def _prior_text(report: Report, section: str) -> str:
    state = report.prior.sections.get(section) if report.prior is not None else None  # type: ignore[call-overload]
    return state.text.strip() if state is not None else ""


def similarity_report(report: Report, section: str, text: str, exemplars: Sequence[Exemplar] = ()) -> list[Similarity]:
    """How similar a section's text is to last year's same section and to the exemplars the drafter shows.

    `exemplars` are (source, passage) pairs, as drafting.narrative.prompts.exemplar_passages gives them: the gate is
    handed them and never loads them. For display next to any text of section 一, 五 or 六 (drafted,
    imported or typed): one Similarity per reference, in that order; [] for an empty text or when there
    is nothing to compare with. An exemplar that is last year's text or this report itself is skipped.
    """
    if not text.strip():
        return []
    result = section_similarities(report, section, text)
    last_year = _prior_text(report, section)
    short = count_chars(text) < SIMILARITY_MIN_CHARS
    own = f"{report.agency}{report.year}年报告"  # the sample report itself is not compared with itself
    for source, passage in exemplars:
        if passage.strip() and passage.strip() != last_year and not source.endswith(own):
            result.append(Similarity("范文", similarity(text, passage), source, short))
    return result


def _similarity_findings(report: Report, section: str, text: str, exemplars: Sequence[Exemplar]) -> list[Finding]:
    """G6 on the same comparisons the user is shown (similarity_report)."""
    sims = similarity_report(report, section, text, exemplars)
    findings: list[Finding] = []
    for sim in sims:
        if sim.warn:
            exemplar = f"参考范文（{sim.source or sim.reference}）"
            what = "上年报告的同一部分" if sim.reference == "上年同一部分" else exemplar
            message = (
                f"第{section}部分与{what}的文字相似度为 {sim.percent}%，超过 {round(SIMILARITY_THRESHOLD * 100)}%；"
                "年报内容不得年年雷同，请结合本年度实际情况改写"
            )
            findings.append(Finding("G6", Severity.WARNING, message, section=section))
    return findings
