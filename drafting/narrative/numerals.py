"""Find every number in Chinese report text (Arabic and Chinese numerals, 万/亿, %, hedges) and classify it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

MentionKind = Literal["figure", "share", "date", "ordinal", "citation", "code", "phrase"]

_CN_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}

# Full-width digits and signs map one-to-one onto ASCII, so character offsets survive normalisation.
_WIDTH = str.maketrans("０１２３４５６７８９％．", "0123456789%.")

_TOKEN = re.compile(
    r"(?=[0-9零〇一二两三四五六七八九十百千万半过])"  # fail fast where no number can start
    r"(?:(?P<ymd>(?<![0-9])(?:19|20|21)[0-9]{2}[-./](?:1[0-2]|0?[1-9])(?:[-./](?:3[01]|[12][0-9]|0?[1-9]))?(?![0-9]))"
    r"|(?P<pct>百分之(?P<pnum>[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?))"
    # shares in words: 三分之二, 六成(以上), 一半, 半数, 过半, 近半 — not 一成不变, 成员, 半年, 上半年
    r"|(?P<frac>(?P<fden>[一二两三四五六七八九十]{1,3})分之(?P<fnum>[一二两三四五六七八九十]{1,3}))"
    r"|(?P<cheng>(?<![零〇一二两三四五六七八九十])[一二两三四五六七八九]成(?=以上|以下|左右|多|余|的|是|[^\u4e00-\u9fff]|$))"
    r"|(?P<half>(?:一半|半数|过半数?|(?<=[近超])半)(?![年月天日个小时夜径]))"
    r"|(?P<ar>(?<![0-9.])(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)"
    # 百, 千, 万 without a digit: 近百, 逾千, 百余, 万余 (never 百姓, 千万不要, 数百 …)
    r"|(?P<bare>(?<=[近逾超约过足])[百千万][万亿]?|[百千万][万亿]?(?=[余多]))"
    r"|(?P<cn>[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*(?:点[零〇一二三四五六七八九]+)?))"
)

PREFIX_HEDGES = ("大约", "将近", "接近", "超过", "不足", "不到", "约", "近", "逾", "超")
_SUFFIX_HEDGES = ("余", "多")
_POST_HEDGES = ("以上", "左右", "以下", "以内")


# Measure words and units after which a number is a quantity; longest first so 人次 wins over 人.
def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


UNITS: tuple[str, ...] = tuple(
    sorted(
        _words(
            "个百分点 个工作日 个月 人次 万元 亿元 小时 % 件 条 次 个 篇 项 起 宗 人 名 家 场 期 批 份 类 部 本 "
            "套 处 所 位 轮 倍 天 元 则 封 户 年 张 页 册 幅 台 块 支 组 种 门"
        ),
        key=len,
        reverse=True,
    )
)
_UNITS_BY_FIRST: dict[str, tuple[str, ...]] = {c: tuple(u for u in UNITS if u[0] == c) for c in {u[0] for u in UNITS}}
# Chinese numerals before these are durations or dates in prose (三年行动, 五月), never data.
_CN_NOT_UNITS = frozenset({"年", "天", "小时", "个月", "个工作日"})
# Words whose Chinese numerals are not figures even though a measure word follows.
IDIOMS: tuple[str, ...] = _words(
    "一次性 一件事 一次办 跑一次 一条龙 一起 一批 一把手 一个窗口 一张网 一张图 一件件 一项项 一个个 一次次 一条条 "
    "两个维护 两个确立 四个意识 四个自信 四个全面 三类内部事务 四类过程性 三级 一级 一类 两类 三类 一门 一站式 一体 "
    "一线 五个方面 两个方面 三个方面 一部分 一家人 一份子 八项规定 五位一体 三个代表 一张蓝图 两个责任 一岗双责 "
    "一名同志 三会一课 两学一做 三严三实 两个一百年 三重一大 四个不摘 三个务必 四下基层 两个先行"
)
_IDIOM_RE = re.compile("|".join(sorted(IDIOMS, key=len, reverse=True)))
# A lone 一 after these characters is part of a word (统一, 进一步, 唯一, 逐一, 万一, 之一 …).
_ONE_PREFIX_WORDS = frozenset("统进唯逐同万单专划归合整其每任初之不第周")
_VAGUE_PREFIX = frozenset("数几若")
_QUANTITY_CUES = ("累计", "合计", "总计", "共计", "共", "达", "计", "为")
_CITATION_UNITS = ("条", "款", "项", "章", "节", "号", "部分", "批", "次会议")
_HOTLINES = frozenset({"12345", "12315", "12369", "12366", "12333", "12388", "12348", "12389", "110", "120", "119"})
_STATUTORY_DAYS = frozenset({"15", "20"})
_DASHES = ("-", "—", "－", "–")
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9./?=&_%#:~+-]+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+")
_PUNCT_BEFORE_ORDINAL = frozenset("\n。；;：:，,、 \t　（(")
_WORD_AFTER_CN = re.compile(r"[零〇一二两三四五六七八九十百千万亿]")


_HUNDRED = Decimal(100)


def _plain(value: Decimal) -> str:
    """A bound as written in a message: at most one decimal, no trailing zeros (66.7, 60, 0.5)."""
    text = format(value.quantize(Decimal("0.1")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Bounds:
    """The values a number in words admits: 六成以上 → [60, 100], 过半 → (50, 100], 近百 → [90, 100)."""

    low: Decimal
    high: Decimal
    low_open: bool = False
    high_open: bool = False

    def covers(self, other: Bounds) -> bool:
        """Whether every value the other bounds admit is admitted here (四成以上 covers 近一半)."""
        low_ok = other.low > self.low or (other.low == self.low and (other.low_open or not self.low_open))
        high_ok = other.high < self.high or (other.high == self.high and (other.high_open or not self.high_open))
        return low_ok and high_ok

    def admits(self, low: Decimal, high: Decimal) -> bool:
        """Whether some value in [low, high] (a fact widened by its rounding) lies within the bounds."""
        if high < self.low or (self.low_open and high <= self.low):
            return False
        return not (low > self.high or (self.high_open and low >= self.high))

    def describe(self, unit: str) -> str:
        """In Chinese: 高于50%, 不低于60%, 不低于90件、低于100件."""
        low = f"{'高于' if self.low_open else '不低于'}{_plain(self.low)}{unit}"
        high = f"{'低于' if self.high_open else '不超过'}{_plain(self.high)}{unit}"
        if unit == "%" and self.high >= _HUNDRED and not self.high_open:
            return low
        if self.low <= 0:
            return high
        return f"{low}、{high}"


@dataclass(frozen=True)
class NumberMention:
    """One number in a text: its value, where it is, and what it is (a figure, a date, an ordinal …).

    `value` has any 万/亿 multiplier applied (``1.2万条`` → 12000, unit 条; ``12.35万元`` → 123500, unit 元).
    `precision` is the place value of the last digit written (``340`` → 1, ``1.2万`` → 1000), used to judge
    rounding. `weak` marks a lone Chinese 一 before a measure word, which prose often uses as an article.
    Kind ``share`` is a share in words (六成以上, 三分之二, 过半, 近一半): `value` is its nominal percentage
    (60, 66.7, 50) and `bounds` the percentages it admits; it is checked like a figure but, having no exact
    value, never becomes a fact itself. Kind ``phrase`` marks numbers that state no statistic (成立70周年,
    “三个一”, 30公里, 7×24小时); a year is a ``date`` whose value is the year.
    """

    value: Decimal
    start: int
    end: int
    raw: str
    unit: str = ""
    hedge: str = ""
    is_percent: bool = False
    kind: MentionKind = "figure"
    precision: Decimal = Decimal(1)
    weak: bool = False
    bounds: Bounds | None = None

    @property
    def span(self) -> tuple[int, int]:
        """The (start, end) range of the mention, hedge and unit included."""
        return (self.start, self.end)

    @property
    def is_figure(self) -> bool:
        """True when the number states a quantity that must come from the user's data."""
        return self.kind == "figure"

    @property
    def is_year(self) -> bool:
        """True for the year of a date (2023年, 二〇二三年, 2023-12-31), which must be a year the report is about."""
        return self.kind == "date" and self.value >= 1000


def parse_chinese_numeral(text: str) -> Decimal | None:
    """The value of a Chinese numeral (一百二十三, 两千, 十五, 三点五, 二〇二三), or None if malformed."""
    whole, _, frac = text.partition("点")
    value = _parse_cn_integer(whole)
    if value is None:
        return None
    if not frac:
        return Decimal(value)
    digits = "".join(str(_CN_DIGITS[c]) for c in frac if c in _CN_DIGITS and c != "两")
    if len(digits) != len(frac):
        return None
    return Decimal(f"{value}.{digits}")


def _parse_cn_integer(text: str) -> int | None:
    if not text:
        return None
    if all(c in _CN_DIGITS for c in text):
        if len(text) == 1:
            return _CN_DIGITS[text]
        if "两" in text or not ("〇" in text or "零" in text or len(text) >= 3):
            return None  # 三四件 is "three or four", not 34; 二〇二三 and 二零二三 are read digit by digit
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    total, section, digit, last = 0, 0, None, ""
    for char in text:
        if char in _CN_DIGITS:
            if digit is not None and digit != 0 and last in _CN_DIGITS:
                return None  # two digits in a row without a unit: 十四五, 三四
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
        else:
            section += digit or 0
            big = _CN_BIG[char]
            if section == 0 and total == 0:
                return None
            total = (total + section) * big if big > 10**4 else total + section * big
            section, digit = 0, None
        last = char
    return total + section + (digit or 0)


def extract_numbers(text: str) -> list[NumberMention]:
    """Every number in the text with its position, value, unit, hedge and kind.

    Arabic numerals are always reported. Chinese numerals are reported only when they read as
    quantities (a measure word or 百分之 follows, or a cue such as 共/累计 precedes), as dates, ordinals
    or citations; inside words (一站式, 进一步, 三安全一稳定, 十四五) they are not numbers at all.
    """
    norm = text.translate(_WIDTH)
    skip = _skip_spans(norm)
    mentions: list[NumberMention] = []
    for match in _TOKEN.finditer(norm):
        if any(a <= match.start() < b for a, b in skip):
            continue
        mention = _mention(norm, match)
        if mention is not None:
            mentions.append(mention)
    if norm != text:  # quote what the user wrote (全角 digits), not the normalised copy
        mentions = [replace(m, raw=text[m.start : m.end]) for m in mentions]
    return mentions


def _skip_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _URL.finditer(text)]


def _mention(text: str, match: re.Match[str]) -> NumberMention | None:
    if match.group("ymd"):
        return NumberMention(_ymd_value(match.group("ymd")), match.start(), match.end(), match.group(), kind="date")
    if match.group("pct"):
        return _percent_mention(text, match)
    if match.group("ar"):
        return _arabic_mention(text, match)
    if match.group("frac") or match.group("cheng") or match.group("half"):
        return _share_mention(text, match)
    return _chinese_mention(text, match.group(), match.start())


# ---- shares in words ---------------------------------------------------------------------------------

_STEP = Decimal(10)  # 成 are tenths; 近一半 and 近三分之二 are within ten points below too
_EXACT_TOLERANCE = Decimal("0.5")  # 一半, 三分之二: as a whole percentage would round (50%, 67%)
_CHENG_TOLERANCE = Decimal(5)  # 六成: 55–65%
_NOT_HALF_BEFORE = frozenset("通经越跨穿错度")  # 通过半数 is "passed by half", not "more than half"


def _share_value(match: re.Match[str]) -> tuple[Decimal, Decimal] | None:
    """(nominal percentage, tolerance of the bare word) of 三分之二, 六成 or 一半/半数/过半."""
    if match.group("frac"):
        den = parse_chinese_numeral(match.group("fden"))
        num = parse_chinese_numeral(match.group("fnum"))
        if not den or num is None or num > den:
            return None
        return num * _HUNDRED / den, _EXACT_TOLERANCE
    if match.group("cheng"):
        return Decimal(_CN_DIGITS[match.group()[0]] * 10), _CHENG_TOLERANCE
    return Decimal(50), _EXACT_TOLERANCE


def _share_mention(text: str, match: re.Match[str]) -> NumberMention | None:
    found = _share_value(match)
    raw = match.group()
    if found is None or (raw[0] == "过" and text[match.start() - 1 : match.start()] in _NOT_HALF_BEFORE):
        return None
    value, tolerance = found
    start, hedge = _prefix_hedge(text, match.start())
    end = match.end()
    if text[end : end + 1] in _SUFFIX_HEDGES:
        hedge, end = hedge or text[end], end + 1
    end, post = _post_hedge(text, end)
    if raw[0] == "过":  # 过半, 超过半数
        hedge = "超过" if hedge == "超" else hedge or "过"
    hedge = hedge or post
    shown = value.quantize(Decimal("0.1"))
    shown = shown.quantize(Decimal(1)) if shown == shown.to_integral_value() else shown
    bounds = _share_bounds(value, hedge, tolerance)
    return NumberMention(shown, start, end, text[start:end], "%", hedge, True, "share", bounds=bounds)


def _share_bounds(value: Decimal, hedge: str, tolerance: Decimal) -> Bounds:
    """What a share in words admits: 以上 ≥ v; 超过/逾/过 > v; 多/余 up to ten points more; 近 up to ten
    points less; 不足/不到 < v; 以下/以内 ≤ v; 约/左右 within five points; bare, within its tolerance."""
    top, zero = _HUNDRED, Decimal(0)
    if hedge == "以上":
        return Bounds(value, top)
    if hedge in ("超过", "逾", "超", "过"):
        return Bounds(value, top, low_open=True)
    if hedge in _SUFFIX_HEDGES:
        return Bounds(value, min(top, value + _STEP), True, True)
    if hedge in ("近", "将近", "接近"):
        return Bounds(max(zero, value - _STEP), value, high_open=True)
    if hedge in ("不足", "不到"):
        return Bounds(zero, value, high_open=True)
    if hedge in ("以下", "以内"):
        return Bounds(zero, value)
    width = _STEP / 2 if hedge else tolerance  # 约, 大约, 左右
    return Bounds(max(zero, value - width), min(top, value + width))


def _ymd_value(raw: str) -> Decimal:
    return Decimal(re.split(r"[-./]", raw)[0])


def _percent_mention(text: str, match: re.Match[str]) -> NumberMention | None:
    num = match.group("pnum")
    value = Decimal(num) if num[0].isdigit() else parse_chinese_numeral(num)
    if value is None:
        return None
    precision = _precision_of(num) if num[0].isdigit() else Decimal(1)
    start, hedge = _prefix_hedge(text, match.start())
    end, post = _post_hedge(text, match.end())
    return NumberMention(value, start, end, text[start:end], "%", hedge or post, True, precision=precision)


def _precision_of(digits: str) -> Decimal:
    _, _, frac = digits.partition(".")
    return Decimal(1).scaleb(-len(frac))


@dataclass
class _Tail:
    end: int
    multiplier: int = 1
    hedge: str = ""
    unit: str = ""
    is_percent: bool = False


def _read_tail(text: str, pos: int, arabic: bool) -> _Tail:
    tail = _Tail(pos)
    i = pos
    if arabic:
        while i < len(text) and text[i] in " \u3000" and i - pos < 2:
            i += 1
        if i < len(text) and text[i] in "万亿千":
            tail.multiplier = {"万": 10**4, "亿": 10**8, "千": 1000}[text[i]]
            i += 1
    if i < len(text) and text[i] in _SUFFIX_HEDGES:
        tail.hedge = text[i]
        i += 1
    unit = next((u for u in _UNITS_BY_FIRST.get(text[i : i + 1], ()) if text.startswith(u, i)), "")
    if unit == "万元" and tail.multiplier == 1:
        tail.multiplier, unit = 10**4, "元"
    elif unit == "亿元" and tail.multiplier == 1:
        tail.multiplier, unit = 10**8, "元"
    if unit or tail.multiplier != 1 or tail.hedge:
        tail.end = i + len(unit)
    tail.unit = unit
    tail.is_percent = unit == "%"
    end, post = _post_hedge(text, tail.end)
    if post and (tail.unit or tail.is_percent):
        tail.end = end
        tail.hedge = tail.hedge or post
    return tail


def _prefix_hedge(text: str, start: int) -> tuple[int, str]:
    for hedge in PREFIX_HEDGES:
        if start >= len(hedge) and text.startswith(hedge, start - len(hedge)):
            return start - len(hedge), hedge
    return start, ""


def _post_hedge(text: str, end: int) -> tuple[int, str]:
    post = next((h for h in _POST_HEDGES if text.startswith(h, end)), "")
    return end + len(post), post


def _arabic_mention(text: str, match: re.Match[str]) -> NumberMention | None:
    digits = match.group("ar")
    start, end = match.start(), match.end()
    value = Decimal(digits.replace(",", ""))
    tail = _read_tail(text, end, arabic=True)
    kind = _arabic_kind(text, start, end, digits, tail)
    if kind != "figure":
        return NumberMention(value, start, end, digits, kind=kind)
    precision = _precision_of(digits.replace(",", "")) * tail.multiplier
    return _figure(text, start, value, tail, precision=precision)


def _figure(
    text: str, start: int, value: Decimal, tail: _Tail, *, precision: Decimal = Decimal(1), weak: bool = False
) -> NumberMention:
    """A figure from where its number starts: a hedge before it, then the number with its tail (万, unit, 余 …)."""
    h_start, hedge = _prefix_hedge(text, start)
    return NumberMention(
        value * tail.multiplier,
        h_start,
        tail.end,
        text[h_start : tail.end],
        tail.unit,
        hedge or tail.hedge,
        tail.is_percent,
        precision=precision,
        weak=weak,
    )


def _arabic_kind(text: str, start: int, end: int, digits: str, tail: _Tail) -> MentionKind:
    after = text[end : end + 4]
    if (start > 0 and text[start - 1].isascii() and text[start - 1].isalpha()) or (
        end < len(text) and text[end].isascii() and text[end].isalpha()
    ):
        return "code"  # PM2.5, 5G, A4
    shared = _shared_kind(text, start, end, after.lstrip(" \u3000"))
    if shared is not None:
        return shared
    if _is_phrase(text, start, end, tail):
        return "phrase"
    if len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2100:
        year = _year_kind(text, start, end)
        if year is not None:
            return year
    if tail.unit == "个工作日" and digits in _STATUTORY_DAYS and _statutory(text, start, tail.end):
        return "citation"  # the 条例's time limits (第三十二、三十三条) quoted as such, not the agency's data
    if _is_code(text, start, digits, after, tail):
        return "code"
    if _is_arabic_ordinal(text, start, end):
        return "ordinal"
    return "figure"


_YEAR_CITED = re.compile(
    r"[ \u3000]?年(?:[0-9]{1,2}月(?:[0-9]{1,2}日)?)?(?:《[^》]{1,30}》)?"
    r"(?:起|正式|新)*(?:修订|修正|施行|实施|颁布|印发|版)"
)  # 《条例》（2019年修订）, 2008年5月1日起施行, 2008年《条例》施行: a document's history, not the report's period
_YEAR_RANGE_AFTER = re.compile(r"[-—–－~～至到][ \u3000]?(?:19|20)[0-9]{2}[ \u3000]?年")


def _year_kind(text: str, start: int, end: int) -> MentionKind | None:
    """A four-digit year: a date before 年 or in a range of years (2021—2023年), a citation in a document's history."""
    if _YEAR_CITED.match(text, end):
        return "citation"
    if re.match(r"[ \u3000]?年", text[end : end + 2]) or _YEAR_RANGE_AFTER.match(text, end):
        return "date"
    return None


_POST_CUES = ("邮编", "邮政编码")


def _is_code(text: str, start: int, digits: str, after: str, tail: _Tail) -> bool:
    if _after_contact_cue(text, start, digits, after, tail):
        return True
    before = text[max(0, start - 10) : start]
    if digits in _HOTLINES and not tail.unit:
        return True
    if (after[:1] in _DASHES and after[1:2].isdigit()) or (before[-1:] in _DASHES and before[-2:-1].isdigit()):
        return True  # 0527—83593059, 2023-001
    return len(digits) >= 3 and digits.startswith("0") and "." not in digits


_CONTACT = re.compile(
    r"(?P<cue>电话|传真|热线|联系方式|手机|座机|邮编|邮政编码|QQ|qq)(?:号码|号)?(?:为|是)?"
    r"[ \u3000：:（）()\-—－–/、0-9]*$"
)  # the cue, then only what a number written after it may carry: 联系电话：（0527）8359 …


def _after_contact_cue(text: str, start: int, digits: str, after: str, tail: _Tail) -> bool:
    """A number after 电话/热线/邮编/QQ that looks like one: 83593059, 0527…, 12345, 8359 3059, 223600 —
    never a count such as 热线受理来电356件."""
    if not digits.isdigit() or tail.unit or tail.multiplier != 1:
        return False
    cue = _CONTACT.search(text, max(0, start - 24), start)
    if cue is None:
        return False
    if cue.group("cue") in _POST_CUES:
        return len(digits) == 6
    if cue.group("cue") in ("QQ", "qq"):
        return 5 <= len(digits) <= 12
    written = text[cue.end("cue") : start]
    grouped = re.match(r"[ \u3000]?[0-9]", after) is not None or any(c.isdigit() for c in written)
    return 7 <= len(digits) <= 12 or digits in _HOTLINES or digits.startswith("0") or grouped


# Statutory time limits: 15 and 20 working days are the 条例's (第三十二、三十三条) only where the sentence says so.
_STATUTE_CUES = ("法定", "依法", "条例", "规定")
_LEAD_IN_ENDS = ("规定", "要求", "期限", "时限", "条例", "条例》")
_CLAUSE_MARKS = re.compile(r"[，,。；;：:！？!?\n]")


def _statutory(text: str, start: int, end: int) -> bool:
    """Whether the clause of a time limit quotes the statute (在法定的20个工作日内, 依法延长15个工作日,
    按照《条例》规定，在20个工作日内…) rather than stating the agency's own figure (平均用时15个工作日)."""
    head = _CLAUSE_MARKS.split(text[max(0, start - 24) : start])
    tail = _CLAUSE_MARKS.split(text[end : end + 12])[0]
    if any(cue in head[-1] + tail for cue in _STATUTE_CUES):
        return True
    lead_in = head[-2].strip() if len(head) > 1 else ""
    return lead_in.endswith(_LEAD_IN_ENDS) and any(cue in lead_in for cue in _STATUTE_CUES)


# ---- numbers that state no statistic -----------------------------------------------------------------

_MEASURES = _words(
    "平方公里 平方米 平方千米 立方米 公里 千米 公顷 公斤 千克 米 亩 吨 克 周岁 岁 摄氏度 ℃ 周年 华诞 个季度"
)
_SERVICE_HOURS = re.compile(r"[ \u3000]?小时(?:不打烊|在线|服务|值守|值班|畅通|全天候|热线|响应|受理|运行|开通)")
_TIMES = "×*＊"
_QUOTES = {"“": "”", "「": "」", "‘": "’"}
_QUOTE_WIDTH = 10
_COUNTED_ONE = re.compile(
    r"个一(?=[”」’\"，。；、：\s]|$|工作|机制|模式|要求|目标|理念|工程|行动|体系|标准|原则|服务)"
)  # “三个一”, 四个一工作法: a slogan, not three of anything


def _is_phrase(text: str, start: int, end: int, tail: _Tail) -> bool:
    """Anniversaries (成立70周年), distances and sizes (30公里), ages, service hours (7×24小时, 全年365天),
    slogans in short quotes (“1+N”, “三个一”) and counted slogans (三个一工作法)."""
    after = text[end : end + 8].lstrip(" \u3000万亿千余多")
    if after.startswith(_MEASURES):
        return True
    if (text[end : end + 1] or "_") in _TIMES or (text[max(0, start - 1) : start] or "_") in _TIMES:
        return True  # 7×24
    if tail.unit == "小时" and _SERVICE_HOURS.match(text, end):
        return True
    if tail.unit == "天" and text[start:end] == "365":
        return True
    return _in_short_quote(text, start, end) or _COUNTED_ONE.match(text, end) is not None


def _in_short_quote(text: str, start: int, end: int) -> bool:
    """Inside a quotation of a few characters (a slogan or a name: “三个一”, “12345”), not a quoted sentence."""
    lo = max(0, start - _QUOTE_WIDTH)
    for open_, close in _QUOTES.items():
        left = text.rfind(open_, lo, start)
        if left < 0 or text.find(close, left, start) >= 0:
            continue
        right = text.find(close, end, end + _QUOTE_WIDTH)
        if right >= 0 and open_ not in text[end:right]:
            return True
    return False


def _is_arabic_ordinal(text: str, start: int, end: int) -> bool:
    prev = text[start - 1] if start > 0 else "\n"
    nxt = text[end : end + 2]
    at_item_start = prev in _PUNCT_BEFORE_ORDINAL or start == 0
    if not at_item_start:
        return False
    if nxt[:1] in ("、", "）", ")") and prev not in "（(":
        return True
    return nxt[:1] in (".", "．") and not nxt[1:2].isdigit()


_DOT_DATE = re.compile(r"[·•][0-9一二三四五六七八九十]")
_DOT_DATE_END = re.compile(r"[0-9一二三四五六七八九十][·•]$")


def _shared_kind(text: str, start: int, end: int, after: str) -> MentionKind | None:
    """Dates, ordinals and citations that look the same in Arabic and Chinese numerals."""
    if _inside(text, start, "《", "》") or _inside(text, start, "〔", "〕") or _inside(text, start, "[", "]"):
        return "citation"
    if _preceded_by_di(text, start):
        return "citation" if after.lstrip("）)").startswith(_CITATION_UNITS) else "ordinal"
    if after.startswith("号") and not text[max(0, start - 3) : start].endswith("月"):
        return "citation"
    if after.startswith("月") and text[max(0, start - 1) : start] != "个":
        return "date"
    if after.startswith(("日", "号")) and re.search(r"月\s*$", text[max(0, start - 2) : start]):
        return "date"
    if _DOT_DATE.match(after) or _DOT_DATE_END.search(text[max(0, start - 3) : start]):
        return "date"  # 12·4 宪法宣传日, 3·15
    if after.startswith("是") or text[max(0, start - 1) : start] == "其":
        return "ordinal"
    if start > 0 and text[start - 1] in "（(" and after[:1] in ("）", ")"):
        return "ordinal"
    return None


def _inside(text: str, pos: int, open_: str, close: str) -> bool:
    left = text.rfind(open_, max(0, pos - 60), pos)
    if left < 0:
        return False
    closed = text.find(close, left, pos)
    return closed < 0 and close in text[pos : pos + 80]


_DI_NUM = "[0-9零〇一二两三四五六七八九十百千（）()]+"
_DI_CHAIN = re.compile(f"第{_DI_NUM}(?:[、，和及与至]{_DI_NUM})*[、，和及与至]?$")


def _preceded_by_di(text: str, start: int) -> bool:
    before = text[max(0, start - 16) : start]
    if before.endswith(("第", "第（", "第(")):
        return True
    return bool(before) and before[-1] in "、，和及与至" and _DI_CHAIN.search(before) is not None


def _cn_value(raw: str) -> Decimal | None:
    """A Chinese numeral's value; a leading 百/千/万 (近百, 逾千, 万余) counts as one of it."""
    return parse_chinese_numeral("一" + raw if raw[0] in "百千万" else raw)


def _chinese_mention(text: str, raw: str, start: int) -> NumberMention | None:
    raw, end = _trim_cn_run(text, raw, start)
    value = _cn_value(raw)
    if value is None:
        return None
    tail = _read_tail(text, end, arabic=False)
    shared = _shared_kind(text, start, end, text[end : end + 4])
    if shared is not None:
        return NumberMention(value, start, end, raw, kind=shared)
    if text.startswith(("年", "年度"), end) and len(raw) == 4 and all(c in _CN_DIGITS for c in raw):
        kind: MentionKind = "citation" if _YEAR_CITED.match(text, end) else "date"
        return NumberMention(value, start, end, raw, kind=kind)
    if text.startswith("、", end):
        return NumberMention(value, start, end, raw, kind="ordinal")
    if tail.unit == "个工作日" and raw in ("十五", "二十"):
        if _statutory(text, start, tail.end):
            return NumberMention(value, start, end, raw, kind="citation")
        return _figure(text, start, value, tail)
    if not _cn_is_quantity(text, raw, start, end, tail):
        return None
    if _is_phrase(text, start, end, tail):
        return NumberMention(value, start, end, raw, kind="phrase")
    return _figure(text, start, value, tail, weak=raw == "一")


def _trim_cn_run(text: str, raw: str, start: int) -> tuple[str, int]:
    """Drop a trailing 万/亿 that belongs to a money unit only when the run is otherwise malformed."""
    end = start + len(raw)
    while len(raw) > 1 and _cn_value(raw) is None and raw[-1] in _CN_BIG:
        raw, end = raw[:-1], end - 1
    return raw, end


def _cn_is_quantity(text: str, raw: str, start: int, end: int, tail: _Tail) -> bool:
    prev = text[start - 1] if start > 0 else ""
    if prev in _VAGUE_PREFIX or (raw == "一" and prev in _ONE_PREFIX_WORDS) or tail.unit in _CN_NOT_UNITS:
        return False
    if not (tail.unit or tail.is_percent):
        after = text[end : end + 1]
        boundary = not after or not ("\u4e00" <= after <= "\u9fff") or _WORD_AFTER_CN.match(after) is not None
        if raw == "一" or not boundary or not text[max(0, start - 2) : start].endswith(_QUANTITY_CUES):
            return False
    return not _in_idiom(text, start, end)


def _in_idiom(text: str, start: int, end: int) -> bool:
    lo = max(0, start - 5)
    for match in _IDIOM_RE.finditer(text, lo, end + 5):
        if match.start() <= start < match.end():
            return True
    # 一X一Y patterns (一事一议, 一企一策, 一级抓一级) are set phrases, not counts.
    if text[start:end] != "一":
        return False
    return any(_ONE_X_ONE.fullmatch(text[a : a + n]) for n in (3, 4) for a in (start, start - n + 1) if a >= 0)


_ONE_X_ONE = re.compile(r"一[^一，。；、\s]{1,2}一")
