"""The derived ``person.search_text`` column, recomputed whenever a person's name, ID number or phone
changes (locally or by sync)."""
from __future__ import annotations

from functools import lru_cache

from desktop.domain import names

# names.search_text is four groups joined by "#": name, full pinyin, short keys, digits. The first three
# depend on the name only and names repeat (a county has a few thousand distinct names for 100,000
# persons), so they are computed once per name; the digits group is computed per person.
_EMPTY_NAME_GROUPS = names.GROUP.join([names.SEP] * 3) + names.GROUP     # "|#|#|#"


@lru_cache(maxsize=65536)
def _name_text(name: str) -> str:
    return names.search_text(name, "", "")


_CHUNK = 5000
_ID_CHARS = frozenset("0123456789xX")


def _plain_id(value: str) -> bool:
    """An ID number names._id_part leaves as it is (apart from X -> x): ASCII digits and x only."""
    return value.isascii() and _ID_CHARS.issuperset(value)


def _digits_text(id_number: str, phone: str, id_original: str | None) -> str:
    """The digits group as names.search_text("", id_number, phone, id_original=...) frames it; the
    usual plain values (ASCII digits, one phone number) without its Unicode normalisation and regexes."""
    if (type(id_number) is str and type(phone) is str and type(id_original or "") is str
            and _plain_id(id_number) and (not id_original or _plain_id(id_original))
            and (not phone or (phone.isascii() and phone.isdigit() and not phone.startswith("0086")))):
        digits: list[str] = []
        for part in (id_number.lower(), (id_original or "").lower(), phone):
            if part and part not in digits:
                digits.append(part)
        if not digits:
            return ""
        return _EMPTY_NAME_GROUPS + names.SEP + names.SEP.join(digits) + names.SEP
    return names.search_text("", id_number, phone, id_original=id_original)


def _compose(name: str, id_number: str, phone: str, id_original: str | None) -> str:
    """Equal to names.search_text(name, id_number, phone, id_original=id_original)."""
    head = _name_text(name)
    tail = _digits_text(id_number, phone, id_original)
    if not head:
        return tail
    if not tail:
        return head
    # head ends with the empty digits group "|"; tail starts with the three empty name groups
    return head[:-1] + tail[len(_EMPTY_NAME_GROUPS):]


def person_search_text(row: dict) -> str:
    # the 15-digit original too: an assistant may type a fragment of the number on an old paper record
    return _compose(row.get("name") or "", row.get("id_number") or "", row.get("phone") or "",
                    row.get("id_original"))


def search_text_of(name: str | None, id_number: str | None, phone: str | None, id_original: str | None) -> str:
    """person_search_text from the column values (the sync engine computes it for each pulled row)."""
    return _compose(name or "", id_number or "", phone or "", id_original)
