"""Find every number in Chinese report text (Arabic and Chinese numerals, 万/亿, %, hedges) and classify it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

MentionKind = Literal["figure", "date", "ordinal", "citation", "code"]

_CN_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}

# Full-width digits and signs map one-to-one onto ASCII, so character offsets survive normalisation.
_WIDTH = str.maketrans("０１２３４５６７８９％．", "0123456789%.")

_TOKEN = re.compile(
    r"(?P<ymd>(?<![0-9])(?:19|20|21)[0-9]{2}[-./](?:1[0-2]|0?[1-9])(?:[-./](?:3[01]|[12][0-9]|0?[1-9]))?(?![0-9]))"
    r"|(?P<pct>百分之(?P<pnum>[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?))"
    r"|(?P<ar>(?<![0-9.])(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)"
    r"|(?P<cn>[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*(?:点[零〇一二三四五六七八九]+)?)"
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
    "一线 五个方面 两个方面 三个方面 一部分 一家人 一份子 八项规定 五位一体 三个代表 一张蓝图 两个责任 一岗双责"
)
_IDIOM_RE = re.compile("|".join(sorted(IDIOMS, key=len, reverse=True)))
# A lone 一 after these characters is part of a word (统一, 进一步, 唯一, 逐一, 万一, 之一 …).
_ONE_PREFIX_WORDS = frozenset("统进唯逐同万单专划归合整其每任初之不第周")
_VAGUE_PREFIX = frozenset("数几若")
_QUANTITY_CUES = ("累计", "合计", "总计", "共计", "共", "达", "计", "为")
_CITATION_UNITS = ("条", "款", "项", "章", "节", "号", "部分", "批", "次会议")
_CODE_CUES = ("电话", "传真", "邮编", "热线", "邮政编码", "联系方式", "QQ", "qq")
_HOTLINES = frozenset({"12345", "12315", "12369", "12366", "12333", "12388", "12348", "12389", "110", "120", "119"})
_STATUTORY_DAYS = frozenset({"15", "20"})
_DASHES = ("-", "—", "－", "–")
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9./?=&_%#:~+-]+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+")
_PUNCT_BEFORE_ORDINAL = frozenset("\n。；;：:，,、 \t　（(")
_WORD_AFTER_CN = re.compile(r"[零〇一二两三四五六七八九十百千万亿]")


@dataclass(frozen=True)
class NumberMention:
    """One number in a text: its value, where it is, and what it is (a figure, a date, an ordinal …).

    `value` has any 万/亿 multiplier applied (``1.2万条`` → 12000, unit 条; ``12.35万元`` → 123500, unit 元).
    `precision` is the place value of the last digit written (``340`` → 1, ``1.2万`` → 1000), used to judge
    rounding. `weak` marks a lone Chinese 一 before a measure word, which prose often uses as an article.
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

    @property
    def span(self) -> tuple[int, int]:
        """The (start, end) range of the mention, hedge and unit included."""
        return (self.start, self.end)

    @property
    def is_figure(self) -> bool:
        """True when the number states a quantity that must come from the user's data."""
        return self.kind == "figure"


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
    return _chinese_mention(text, match)


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
    before = text[max(0, start - 10) : start]
    after = text[end : end + 4]
    if (start > 0 and text[start - 1].isascii() and text[start - 1].isalpha()) or (
        end < len(text) and text[end].isascii() and text[end].isalpha()
    ):
        return "code"  # PM2.5, 5G, A4
    shared = _shared_kind(text, start, end, after.lstrip(" \u3000"))
    if shared is not None:
        return shared
    if re.match(r"[ \u3000]?年", after) and len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2100:
        return "date"
    if tail.unit == "个工作日" and digits in _STATUTORY_DAYS:
        return "citation"  # the 条例's time limits (第三十二、三十三条), not the agency's data
    if _is_code(before, digits, after, tail):
        return "code"
    if _is_arabic_ordinal(text, start, end):
        return "ordinal"
    return "figure"


def _is_code(before: str, digits: str, after: str, tail: _Tail) -> bool:
    if any(cue in before for cue in _CODE_CUES):
        return True
    if digits in _HOTLINES and not tail.unit:
        return True
    if (after[:1] in _DASHES and after[1:2].isdigit()) or (before[-1:] in _DASHES and before[-2:-1].isdigit()):
        return True  # 0527—83593059, 2023-001
    return len(digits) >= 3 and digits.startswith("0") and "." not in digits


def _is_arabic_ordinal(text: str, start: int, end: int) -> bool:
    prev = text[start - 1] if start > 0 else "\n"
    nxt = text[end : end + 2]
    at_item_start = prev in _PUNCT_BEFORE_ORDINAL or start == 0
    if not at_item_start:
        return False
    if nxt[:1] in ("、", "）", ")") and prev not in "（(":
        return True
    return nxt[:1] in (".", "．") and not nxt[1:2].isdigit()


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


def _chinese_mention(text: str, match: re.Match[str]) -> NumberMention | None:
    raw = match.group("cn")
    start = match.start()
    raw, end = _trim_cn_run(text, raw, start)
    value = parse_chinese_numeral(raw)
    if value is None:
        return None
    tail = _read_tail(text, end, arabic=False)
    shared = _shared_kind(text, start, end, text[end : end + 4])
    if shared is not None:
        return NumberMention(value, start, end, raw, kind=shared)
    if text.startswith(("年", "年度"), end) and len(raw) == 4 and all(c in _CN_DIGITS for c in raw):
        return NumberMention(value, start, end, raw, kind="date")
    if text.startswith("、", end):
        return NumberMention(value, start, end, raw, kind="ordinal")
    if not _cn_is_quantity(text, raw, start, end, tail):
        return None
    return _figure(text, start, value, tail, weak=raw == "一")


def _trim_cn_run(text: str, raw: str, start: int) -> tuple[str, int]:
    """Drop a trailing 万/亿 that belongs to a money unit only when the run is otherwise malformed."""
    end = start + len(raw)
    while len(raw) > 1 and parse_chinese_numeral(raw) is None and raw[-1] in _CN_BIG:
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
