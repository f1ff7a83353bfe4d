"""Numbers said in words and what a count counts, after the quantity extractor's first pass.

- Compound number words are joined from their parts: "أربعة وعشرين" = 4 + 20 (Arabic says the
  units first, joined by و), "بیست و چهار" = 20 + 4, "twenty-four", "vingt-quatre", "خمسة عشر"
  = 15, "صد و بیست و پنج" = 125. A part is added only when it is smaller than the last place of
  the number so far (20 + 4, 100 + 20, 120 + 5); otherwise two numbers stand side by side.
- A count gets the name of what it counts from the word after it ("24 قتيلا", "۱۵ زخمی",
  "30 killed", "Fifteen firefighters": dead, injured, arrested, missing, firefighter, worker)
  or, for a count of people or a bare number, from a nearby word that says what happened to
  them ("24 people were killed", "مقتل 24 شخصا", "۲۴ نفر کشته شدند", "the toll rose to 87").
  Sources that give a toll as "24 dead" and "24 people killed" then compare as one unit.

The words are language data: each pack's `counts.toml` (`counted`, `context`, `after_count`);
number words are in its `numbers.toml`.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache

import regex

from rashomon import lang
from rashomon.claims.extract.folded import NOT_AFTER, NOT_BEFORE, alternation, fold
from rashomon.record import Quantity

_AR = lang.table("morphology.glue", "ar")
_WA = _AR["and"]
_JOIN = regex.compile(rf"\s*(?:{_WA}|and|et|-|‑)?\s*")
_AND = regex.compile(rf"{_WA}|and|et")
# how far (characters) around a count to look for the word that names it
_WINDOW = 48
_CLITIC = rf"(?:{'|'.join(_AR[k] for k in ('and', 'so', 'with', 'to', 'the', 'and_the', 'with_the', 'to_the'))})?"
# a context word after a conjunction or comma names the next count ("مقتل 24 وإصابة 30")
_NEXT = regex.compile(rf"[,،;؛.]|\s(?:and|et|{_WA})\s|\s{_WA}(?=\S)")
# a bare number takes a context word only when no noun follows it ("killed in 3 attacks")
_ENDS = regex.compile(rf"^\s*(?:$|[,،;؛.:)»”\"]|(?:and|et|{_WA})\s|{_WA}(?=\S))")


@lru_cache(maxsize=1)
def _patterns() -> tuple[dict[str, regex.Pattern], dict[str, regex.Pattern]]:
    """Per category: the counted noun right after a number; a context word near it (every
    pack's words: a count reads the same whatever the article's language)."""
    counted: dict[str, list[str]] = lang.table("counts.counted")
    context: dict[str, list[str]] = lang.table("counts.context")
    after = {
        c: regex.compile(rf"^\s*(?:{_AR['the']})?(?:{alternation(ws)}){NOT_AFTER}")
        for c, ws in counted.items()
    }
    near = {
        c: regex.compile(rf"{NOT_BEFORE}{_CLITIC}(?:{alternation(ws)}){NOT_AFTER}")
        for c, ws in context.items()
    }
    return after, near


@lru_cache(maxsize=1)
def _verb_after() -> regex.Pattern:
    """Verbs that may follow a bare count in verb-final languages ("به ۸۷ رسید")."""
    words = lang.words("counts.after_count")
    return regex.compile(rf"^\s*(?:{alternation(words)}){NOT_AFTER}")


@lru_cache(maxsize=1)
def _people_units() -> tuple[frozenset[str], regex.Pattern]:
    """Unit words that also count people (Persian "تن": tons, or "persons" in "۵ تن از
    معترضان", "۱۲ تن کشته شدند"), and the partitive words after such a count ("از")."""
    units = frozenset(fold(w) for w in lang.words("counts.people_unit_words"))
    partitive = regex.compile(rf"^\s*(?:{alternation(lang.words('counts.partitive'))}){NOT_AFTER}")
    return units, partitive


def _counts_people(text: str, q: Quantity, offset: int) -> bool:
    """Whether a quantity read with a unit that also counts people counts people here: a
    partitive follows, or a word of what happened to people does within four words."""
    units, partitive = _people_units()
    words = fold(q.text).split()
    if not words or words[-1] not in units:
        return False
    tail = fold(text[q.end - offset : q.end - offset + _WINDOW])
    if partitive.match(tail):
        return True
    tail = " ".join(_NEXT.split(tail)[0].split()[:4])
    after, near = _patterns()
    return any(p.match(tail) for p in after.values()) or any(p.search(tail) for p in near.values())


def _is_words(q: Quantity) -> bool:
    return not any(ch.isdigit() for ch in q.text)


def _place(v: float) -> float:
    """The last non-zero place of an integer: 120 -> 10, 100 -> 100, 24 -> 1."""
    n, p = int(v), 1
    while n and n % 10 == 0:
        n //= 10
        p *= 10
    return float(p)


def join_compounds(text: str, quantities: list[Quantity], offset: int = 0) -> list[Quantity]:
    """Merge number-word parts that make one number (see module doc)."""
    out: list[Quantity] = []
    for q in sorted(quantities, key=lambda q: q.start):
        prev = out[-1] if out else None
        if prev is not None and _is_words(prev) and _is_words(q) and prev.unit is None:
            gap = text[prev.end - offset : q.start - offset]
            a, b = prev.value, q.value
            joined = _AND.search(gap) is not None
            fits = (
                (a.is_integer() and b < _place(a) and b >= 1)
                or (joined and a < 10 and b in (20, 30, 40, 50, 60, 70, 80, 90))
                or (not gap.strip() and a < 10 and b == 10)  # خمسة عشر
            )
            if _JOIN.fullmatch(gap) and fits:
                out[-1] = replace(
                    q,
                    value=a + b,
                    start=prev.start,
                    text=text[prev.start - offset : q.end - offset],
                    qualifier=prev.qualifier or q.qualifier,
                )
                continue
        out.append(q)
    return out


@lru_cache(maxsize=1)
def _range_words() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    """(opener before the first number, "to" between, "and" between)."""

    def words(name: str) -> str:
        return alternation(lang.words(f"counts.{name}"))

    return (
        regex.compile(rf"{NOT_BEFORE}(?:{words('range_open')})\s*$"),
        regex.compile(rf"^\s*(?:{words('range_to')})\s*$"),
        regex.compile(rf"^\s*(?:{words('range_and')})\s*$"),
    )


_DASH = regex.compile(r"[-−‐‑–—]")


def _shared_multiplier(lower: float, upper: float) -> float:
    """The multiplier a range's upper bound carries for both ends ("10-15 million": the lower
    bound is 10 million): a power of 1000 when the bounds are that far apart."""
    if lower <= 0 or upper < 1000 * lower:
        return 1.0
    return 1000.0 ** int(math.log10(upper / lower) // 3)


def join_ranges(text: str, quantities: list[Quantity], offset: int = 0) -> list[Quantity]:
    """Two numbers that make one range become one quantity (value = lower, upper = upper):
    "between 10 and 15 dead", "from 10 to 15", "بين 10 و15 قتيلا", "10 تا 15 نفر"; "10 to 15
    dead" without an opener only when a unit follows; "10-15" (digits joined by a dash) when
    the second is the greater. Digits after a dash that do not close a range ("3-1", a score or
    a code) are not a quantity of their own."""
    opener, to, and_ = _range_words()
    out: list[Quantity] = []
    for q in sorted(quantities, key=lambda q: q.start):
        s = q.start - offset
        after_dash = s >= 2 and _DASH.fullmatch(text[s - 1]) is not None and text[s - 2].isdigit()
        prev = out[-1] if out else None
        if prev is not None and prev.upper is None and prev.unit in (None, q.unit):
            gap = fold(text[prev.end - offset : s])
            if q.qualifier == "up to" and q.text.split():
                gap += " " + fold(q.text.split()[0])  # "10 تا 15": the extractor read "تا 15"
            before = fold(text[max(0, prev.start - offset - 12) : prev.start - offset])
            opened = opener.search(before) is not None
            joined = (
                (after_dash and _DASH.fullmatch(gap) is not None)
                or (to.match(gap) and (opened or q.unit))
                or (and_.match(gap) and opened)
            )
            if joined and prev.value < q.value:
                out[-1] = replace(
                    q,
                    value=prev.value * _shared_multiplier(prev.value, q.value),
                    upper=q.value,
                    start=prev.start,
                    text=text[prev.start - offset : q.end - offset],
                    qualifier=prev.qualifier
                    if prev.qualifier not in (None, "up to")
                    else "between",
                )
                continue
        if not after_dash:
            out.append(q)
    return out


def name_counts(text: str, quantities: list[Quantity], offset: int = 0) -> list[Quantity]:
    """Give counts of people (or bare counts) the unit that says what they count."""
    after, near = _patterns()
    out = []
    for q in quantities:
        if q.unit not in (None, "person") and _counts_people(text, q, offset):
            q = replace(q, unit="person")
        if q.unit not in (None, "person"):
            out.append(q)
            continue
        s, e = q.start - offset, q.end - offset
        tail = fold(text[e : e + _WINDOW])
        cat = next((c for c, p in after.items() if p.match(tail)), None)
        if cat is None:
            head = fold(text[max(0, s - _WINDOW) : s])
            # bare numbers: only a word right before ("toll rose to 87", "مقتل 24");
            # counts of people: up to four words either side
            year_like = q.value.is_integer() and 1900 <= q.value <= 2100
            if q.unit is None and (
                year_like or not (_ENDS.match(tail) or _verb_after().match(tail))
            ):
                out.append(q)
                continue
            # "the death toll from the blast rose to 35": the subject may sit six words back
            head = " ".join(head.split()[-6:])
            tail = " ".join(_NEXT.split(tail)[0].split()[: 0 if q.unit is None else 4])
            best = None
            for c, p in near.items():
                for m in p.finditer(head):
                    d = len(head) - m.end()
                    best = min(best or (d, c), (d, c))
                for m in p.finditer(tail):
                    best = min(best or (m.start(), c), (m.start(), c))
            cat = best[1] if best else None
        out.append(replace(q, unit=cat) if cat else q)
    return out
