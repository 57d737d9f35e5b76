"""Names, their pinyin and the ``person.search_text`` column (domain.md §5.6).

Public functions (no Qt, no I/O):

``normalize_name(text) -> str``
    NFKC (full-width letters/digits/spaces -> half-width, compatibility ideographs -> unified ones),
    then removes every kind of whitespace, zero-width characters and the middle-dot variants used in
    minority and foreign names (``·`` ``・`` ``•`` ``‧`` ``.`` ...). Case is kept: it is also fit to
    clean a name before storing it. ``"　张　三 "`` -> ``"张三"``, ``"阿依古丽・买买提"`` -> ``"阿依古丽买买提"``.

``pinyin_keys(name) -> list[str]``
    Full-pinyin strings first, then initials strings, for every combination of the readings of the
    name's characters (pypinyin ``heteronym=True`` plus the surname readings of 多音字 surnames, e.g.
    曾 zeng/ceng, 单 shan/dan/chan, 仇 qiu/chou, 解 xie/jie, 区 ou/qu, 朴 piao/pu, 查 zha/cha, 盖 ge/gai,
    尉 wei/yu; compound surnames 尉迟 yuchi, 万俟 moqi, 单于 chanyu ...). Common surnames with a single
    surname reading keep only that one (王 is ``wang``, not also ``yu``). Lower-case ASCII, ``ü``
    written ``v`` (as typed with a pinyin IME; ``lu`` is added for ``lv`` too). Bounded to
    ``MAX_COMBINATIONS`` (16) combinations, chosen best first: every reading of the surname combined
    with the usual reading of the given name comes first, then the other readings of the given name.
    ``pinyin_keys("曾三")`` -> ``["zengsan", "cengsan", "zs", "cs"]``.

``search_text(name, id_number, phone, *, id_original=None) -> str``
    The single lower-case string stored in ``person.search_text``::

        |曾三|#|zengsan|cengsan|#|zs|cs|#|61032819850715003x|13812345678|

    Four groups joined by ``GROUP = "#"``: the normalised name; the full-pinyin keys; the short keys
    (initials, a Latin-letter name, keys with irregular consonant runs); the ID number (``X`` -> ``x``),
    the original 15-digit ID number if given and each phone number reduced to its digits (``+86`` /
    ``0086`` dropped). Each group is framed by ``SEP = "|"`` and its parts are separated by it (an
    empty group is a lone ``|``). No part contains ``|``, ``#`` or a newline and a query never does
    (``normalize_query`` drops them), so a plain substring match never spans two fields, and
    ``"|" + query`` matches only at the start of a field (a prefix match). ``desktop.store.search``
    splits the string on ``#`` into the strings it scans. ``is_regular_pinyin`` /
    ``may_be_in_full_pinyin`` define which keys go to the full-pinyin group and which queries can
    occur there.

``normalize_query(text) -> str``
    What a typed query is matched as: NFKC, lower case, without spaces, middle dots, apostrophes,
    ``|``, ``#``; ``ü`` -> ``v``; for digit queries also without ``-``, brackets and a leading ``+86``.
"""
from __future__ import annotations

import heapq
import re
import unicodedata
from functools import lru_cache
from itertools import product

from pypinyin import Style, pinyin

SEP = "|"
GROUP = "#"
MAX_COMBINATIONS = 16

# Middle-dot variants (after NFKC) and invisible characters removed from names.
_DOTS = "\u00b7\u0387\u2022\u2027\u2219\u22c5\u30fb\uff65\u318d\u2e31\u16eb\u1427\u2024\u00b8.\u3002\uff0e\u2010\u2011"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_STRIP_TABLE = {ord(c): None for c in _DOTS + _INVISIBLE + SEP + GROUP}
_SPACE_RE = re.compile(r"\s+")

# Surname readings, most usual first (the reading a surname has that pypinyin's default may miss).
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "曾": ("zeng", "ceng"), "单": ("shan", "dan", "chan"), "仇": ("qiu", "chou"), "解": ("xie", "jie"),
    "区": ("ou", "qu"), "朴": ("piao", "pu"), "查": ("zha", "cha"), "盖": ("ge", "gai"),
    "尉": ("wei", "yu"), "乐": ("yue", "le"), "员": ("yun", "yuan"), "缪": ("miao", "mou", "miu"),
    "种": ("chong", "zhong"), "折": ("she", "zhe"), "覃": ("qin", "tan"), "繁": ("po", "fan"),
    "秘": ("bi", "mi"), "黑": ("he", "hei"), "能": ("nai", "neng"), "召": ("shao", "zhao"),
    "翟": ("zhai", "di"), "万": ("wan", "mo"), "冼": ("xian",), "洗": ("xian", "xi"),
    "隗": ("wei", "kui"), "句": ("gou", "ju"), "宿": ("su", "xiu"), "薄": ("bo", "bao"),
    "牟": ("mou", "mu"), "祭": ("zhai", "ji"), "贲": ("ben", "bi"), "郇": ("xun", "huan"),
    "柏": ("bai", "bo"), "褚": ("chu", "zhu"), "石": ("shi", "dan"), "谌": ("chen", "shen"),
    "莘": ("shen", "xin"), "车": ("che", "ju"), "费": ("fei", "bi"), "长": ("chang", "zhang"),
    "朝": ("chao", "zhao"), "重": ("chong", "zhong"), "藏": ("zang", "cang"), "令": ("ling",),
    "阚": ("kan",), "华": ("hua",), "任": ("ren",), "纪": ("ji",), "燕": ("yan",), "那": ("na",),
    "相": ("xiang",), "殷": ("yin",), "沈": ("shen",), "便": ("pian", "bian"), "訾": ("zi",),
    "蕃": ("pi", "fan"), "苑": ("yuan",), "凯": ("kai",), "都": ("du", "dou"), "和": ("he",),
    "应": ("ying",), "强": ("qiang",),
}
# Common surnames read one way only: pypinyin's other readings of these characters (王 yu, 许 hu,
# 夏 jia, ...) are never surname readings, so they are left out of the keys.
SINGLE_READING_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭肖田董袁潘于蒋蔡余杜叶程苏魏吕丁姚卢"
    "姜崔钟谭陆汪范金廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段侯龙史陶黎贺顾毛郝龚邵钱严武戴莫孔向汤常温康"
    "施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翁柳舒耿祁雷古甘席包左卓鲍房宁成蒙池裴苗关虞钮霍尚路苟"
) - SURNAME_READINGS.keys()

# Compound surnames whose reading differs from the characters' usual readings.
COMPOUND_SURNAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "尉迟": (("yu", "wei"), ("chi",)), "万俟": (("mo", "wan"), ("qi",)), "单于": (("chan", "shan", "dan"), ("yu",)),
    "长孙": (("zhang", "chang"), ("sun",)), "澹台": (("tan", "dan"), ("tai",)), "令狐": (("ling",), ("hu",)),
    "乐正": (("yue", "le"), ("zheng",)), "欧阳": (("ou",), ("yang",)), "司马": (("si",), ("ma",)),
    "上官": (("shang",), ("guan",)), "诸葛": (("zhu",), ("ge",)), "皇甫": (("huang",), ("fu",)),
    "夏侯": (("xia",), ("hou",)), "公孙": (("gong",), ("sun",)), "慕容": (("mu",), ("rong",)),
    "宇文": (("yu",), ("wen",)), "司徒": (("si",), ("tu",)), "东方": (("dong",), ("fang",)),
    "端木": (("duan",), ("mu",)), "呼延": (("hu",), ("yan",)), "闻人": (("wen",), ("ren",)),
    "仲长": (("zhong",), ("chang",)), "亓官": (("qi",), ("guan",)), "钟离": (("zhong",), ("li",)),
}


def normalize_name(text: str | None) -> str:
    """NFKC, no whitespace, no zero-width characters, no middle-dot variants (case kept)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    text = _SPACE_RE.sub("", text)
    return text.translate(_STRIP_TABLE)


def _is_han(ch: str) -> bool:
    cp = ord(ch)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x3134F
            or 0xF900 <= cp <= 0xFAFF or cp == 0x3007)


def _add(out: list[str], reading: str) -> None:
    reading = reading.replace("ü", "v").lower()
    if reading and reading.isascii() and reading.isalpha() and reading not in out:
        out.append(reading)
        if "v" in reading:  # 吕 lv is often typed lu
            alt = reading.replace("v", "u")
            if alt not in out:
                out.append(alt)


@lru_cache(maxsize=20000)
def _char_readings(ch: str) -> tuple[str, ...]:
    """All readings of one character (pypinyin heteronyms), usual one first; () if none known."""
    out: list[str] = []
    for reading in pinyin(ch, style=Style.NORMAL, heteronym=True, v_to_u=False)[0]:
        _add(out, reading)
    return tuple(out)


def _position_readings(name: str) -> list[tuple[str, ...]]:
    """Per character of the (normalised, lower-case) name, its readings in order of preference."""
    chars = list(name)
    result: list[tuple[str, ...]] = []
    for ch in chars:
        if _is_han(ch):
            result.append(_char_readings(ch))
        elif ch.isascii() and ch.isalpha():
            result.append((ch.lower(),))
        else:
            result.append(())
    # Surname readings first (compound surname, else the first character).
    compound = COMPOUND_SURNAMES.get(name[:2])
    if compound is not None:
        for j, preferred in enumerate(compound):
            result[j] = _prefer(preferred, result[j])
    elif chars and chars[0] in SURNAME_READINGS:
        result[0] = _prefer(SURNAME_READINGS[chars[0]], result[0])
    elif chars and chars[0] in SINGLE_READING_SURNAMES and result[0]:
        result[0] = _prefer(result[0][:1], ())
    return result


@lru_cache(maxsize=1024)
def _prefer(preferred: tuple[str, ...], others: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for reading in preferred + others:
        _add(out, reading)
    return tuple(out)


def _surname_length(name: str) -> int:
    if name[:2] in COMPOUND_SURNAMES:
        return 2
    return 1 if name else 0


def _combinations(positions: list[tuple[str, ...]], surname_len: int, limit: int) -> list[tuple[int, ...]]:
    """Up to ``limit`` index vectors, best first: cost = sum of the given-name reading ranks, ties by
    the surname ranks, so every surname reading with the usual given-name reading comes first."""
    sizes = [max(len(p), 1) for p in positions]

    def cost(vec: tuple[int, ...]) -> tuple[int, int, tuple[int, ...]]:
        return (sum(vec[surname_len:]), sum(vec[:surname_len]), vec)

    total = 1
    for size in sizes:
        total *= size
    if total <= limit:  # the usual case: all combinations, best first
        return sorted(product(*(range(size) for size in sizes)), key=cost)

    start = tuple(0 for _ in sizes)
    heap = [cost(start)]
    seen = {start}
    out: list[tuple[int, ...]] = []
    while heap and len(out) < limit:
        _, _, vec = heapq.heappop(heap)
        out.append(vec)
        for i, size in enumerate(sizes):
            if vec[i] + 1 < size:
                nxt = vec[:i] + (vec[i] + 1,) + vec[i + 1:]
                if nxt not in seen:
                    seen.add(nxt)
                    heapq.heappush(heap, cost(nxt))
    return out


@lru_cache(maxsize=65536)
def _pinyin_keys(name: str) -> tuple[str, ...]:
    positions = _position_readings(name)
    if not any(positions):
        return ()
    if all(len(p) <= 1 for p in positions):  # the usual case: one reading per character
        parts = [p[0] for p in positions if p]
        full, initials = "".join(parts), "".join(part[0] for part in parts)
        return (full, initials) if full != initials else (full,)
    surname_len = _surname_length(name)
    full: list[str] = []
    initials: list[str] = []
    for vec in _combinations(positions, surname_len, MAX_COMBINATIONS):
        parts = [p[i] for p, i in zip(positions, vec) if p]
        f = "".join(parts)
        s = "".join(part[0] for part in parts)
        if f not in full:
            full.append(f)
        if s not in initials:
            initials.append(s)
    return tuple(full + [s for s in initials if s not in full])


def pinyin_keys(name: str | None) -> list[str]:
    """Full-pinyin strings, then initials strings, for the readings of ``name`` (see module doc)."""
    return list(_pinyin_keys(normalize_name(name).lower()))


_PHONE_SPLIT = re.compile(r"[/,;，；、|]+|\s{2,}")
_NOT_DIGIT = re.compile(r"[^0-9]")
_NOT_ID = re.compile(r"[^0-9x]")


def _phone_parts(phone: str | None) -> list[str]:
    if not phone:
        return []
    text = unicodedata.normalize("NFKC", str(phone))
    out = []
    for piece in _PHONE_SPLIT.split(text):
        piece = piece.strip()
        if piece.startswith("+86"):
            piece = piece[3:]
        elif piece.startswith("0086"):
            piece = piece[4:]
        digits = _NOT_DIGIT.sub("", piece)
        if digits:
            out.append(digits)
    return out


def _id_part(id_number: str | None) -> str:
    if not id_number:
        return ""
    return _NOT_ID.sub("", unicodedata.normalize("NFKC", str(id_number)).lower())


# Consonant runs that occur in regular full pinyin: an optional syllable coda (n, ng, r) followed by an
# optional initial. A query whose consonant runs could not come from such text need not be looked for
# in the full-pinyin keys (``zs``, ``wjy``: initials).
_CODAS = ("", "n", "ng", "r")
_INITIALS = ("", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "zh", "ch", "sh",
             "r", "z", "c", "s", "y", "w")
_RUNS = frozenset(c + i for c in _CODAS for i in _INITIALS) - {""}
_RUN_PREFIXES = frozenset(r[:k] for r in _RUNS for k in range(1, len(r) + 1))
_RUN_SUFFIXES = frozenset(r[k:] for r in _RUNS for k in range(len(r)))
_RUN_PARTS = frozenset(r[a:b] for r in _RUNS for a in range(len(r)) for b in range(a + 1, len(r) + 1))
_CONSONANT_RUN = re.compile(r"[^aeiouv]+")
_RUN_RE = "(?:(?:ng|n|r)?(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])|ng|n|r)"
_REGULAR = re.compile(f"{_RUN_RE}?(?:[aeiouv]+{_RUN_RE})*[aeiouv]*")


def is_regular_pinyin(key: str) -> bool:
    """Whether every consonant run of ``key`` is one of regular full pinyin (coda + initial)."""
    return _REGULAR.fullmatch(key) is not None


def may_be_in_full_pinyin(query: str) -> bool:
    """Whether ``query`` can be a substring of a regular full-pinyin key."""
    runs = list(_CONSONANT_RUN.finditer(query))
    if not runs:
        return True
    if len(runs) == 1 and runs[0].start() == 0 and runs[0].end() == len(query):
        return query in _RUN_PARTS
    for match in runs:
        run = match.group()
        if match.start() == 0:
            ok = run in _RUN_SUFFIXES
        elif match.end() == len(query):
            ok = run in _RUN_PREFIXES
        else:
            ok = run in _RUNS
        if not ok:
            return False
    return True


def _frame(parts: list[str]) -> str:
    return SEP + SEP.join(parts) + SEP if parts else SEP


def search_text(name: str | None, id_number: str | None, phone: str | None, *,
                id_original: str | None = None) -> str:
    """The value of ``person.search_text`` (see module doc)."""
    norm = normalize_name(name).lower().replace("\n", "")
    keys = _pinyin_keys(norm)
    full = [k for k in keys if len(k) > len(norm) and is_regular_pinyin(k)]
    short = [k for k in keys if k not in full]
    if norm.isascii() and norm and norm not in short:  # a Latin-letter name is its own key
        short.insert(0, norm)
    digits: list[str] = []
    for part in [_id_part(id_number), _id_part(id_original), *_phone_parts(phone)]:
        if part and part not in digits:
            digits.append(part)
    if not (norm or keys or digits):
        return ""
    return GROUP.join(_frame(group) for group in ([norm] if norm else [], full, short, digits))


_QUERY_DROP = {ord(c): None for c in "'’‘`" + SEP + GROUP + "\n"}
_DIGIT_QUERY_DROP = re.compile(r"[-()（）]")


def normalize_query(text: str | None) -> str:
    """A typed query as it is matched against ``search_text`` (see module doc)."""
    q = normalize_name(text).lower().translate(_QUERY_DROP).replace("ü", "v")
    if q.startswith("+86") and len(q) > 3:
        q = q[3:]
    if any(c.isdigit() for c in q):
        q2 = _DIGIT_QUERY_DROP.sub("", q)
        if q2 and all(c.isdigit() or c == "x" for c in q2):
            return q2
    return q
