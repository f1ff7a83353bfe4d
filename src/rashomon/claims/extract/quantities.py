"""Quantities in a sentence: digits in any script, thousand separators, number words,
multipliers (ألف / هزار / million), percentages, currencies and units normalised to one
canonical unit name, and qualifiers ("more than", "about", "up to", "at least", "less than").

What is *not* a quantity: a year or a date (the dates extractor owns those spans), and a model
designation glued to letters by a hyphen (Il-76, F-16, S-300): their digits name a thing.
"""

from __future__ import annotations

import math

import regex

from rashomon import lang
from rashomon.claims.extract import counts
from rashomon.claims.extract.folded import (
    NOT_AFTER,
    NOT_BEFORE,
    WORD,
    Folded,
    Trigger,
    alternation,
    fold,
)
from rashomon.record import Quantity

# -- number words, multipliers, units and qualifiers: the packs' numbers.toml -----------------
# Values are merged over every language pack: a number word reads the same in any article.
SMALL = {fold(k): v for k, v in lang.table("numbers.small").items()}
# Multipliers; alone ("ألف كيلومتر", "a thousand") they are the number itself.
MULT = {fold(k): float(v) for k, v in lang.table("numbers.multipliers").items()}
# Arabic duals carry the number 2 and the unit in one word ("دولارين" = two dollars)
DUALS: dict[str, str] = lang.table("numbers.duals")
_WORD_ONLY_MULT = {"m", "k", "bn", "mn"}  # only right after digits ("$5bn"), never alone

# -- units: surface stems -> canonical name ---------------------------------------------------
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "%": "percent", "٪": "percent"}
_UNIT_OF = {
    **{fold(s): unit for unit, stems in lang.table("numbers.units").items() for s in stems},
    **_SYMBOLS,
}
_QUAL_OF = {fold(s): q for q, cues in lang.table("numbers.qualifiers").items() for s in cues}
_QUAL_AFTER = {fold(s): "about" for s in lang.words("numbers.qualifiers_after")}
# "حتى" and "تا" are also "until"/"even"
_UNTIL = {fold(s) for s in lang.words("numbers.until_or_up_to")}

# thousands separators (1,200 / ١٬٢٠٠), decimal points (3.5 / ٣٫٥), Persian decimal slash
# (۲/۵), and a decimal comma when fewer than three digits follow it (2,4 مليار = 2.4)
_NUM = r"\d{1,3}(?:[,٬']\d{3})+(?:[.٫]\d+)?(?!\d)|\d+,\d{1,2}(?!\d)|\d+(?:[.٫]\d+|/\d+(?!/))?"
_SMALL_ALT = alternation(SMALL)
_MULT_ALT = alternation(k for k in MULT if k not in _WORD_ONLY_MULT)
# "one" counts only before a multiplier ("یک میلیون", "one million"); alone it is an article
_ONE = {fold(w): 1 for w in lang.words("numbers.one")}
_ONE_ALT = alternation(_ONE)
_AR = lang.table("morphology.glue", "ar")
_WA, _AL = _AR["and"], _AR["the"]
_MORE = regex.compile(rf"{_WA}\s*(?P<n>\d+)(?:\s*(?P<m>{_MULT_ALT}))?")
_MULT_ALL = alternation(MULT)
_UNIT_ALT = alternation(_UNIT_OF)
_QUAL_ALT = alternation(_QUAL_OF)

_BI, _LI = _AR["with"], _AR["to"]
_UNIT_END = "|".join(lang.words("morphology.adjective_endings", "ar"))  # كيلومتري
# A number: digits (+ multiplier), a number word (+ multiplier), or a multiplier alone.
# Digits glued to a Latin letter or after letter(+digits)+hyphen name a model (F-16, Il-76,
# ایل−۷۶, A321-200); an Arabic clitic glued in front ("بـ18.2") is fine; after a bare number
# and a hyphen they may close a range ("10-15": `counts.join_ranges`).
_QTY = regex.compile(
    rf"""
    (?:(?P<qual>{_QUAL_ALT})\s+)?
    (?P<cur>[$€£]\s?)?
    (?:
        (?<!\p{{L}}\p{{N}}*[-−‐‑–])(?<![\p{{Latin}}\p{{N}}])(?<!\p{{L}}\p{{L}}(?<!{_AL}))(?<!\d:)(?P<num>(?>{_NUM}))(?![-−]?\p{{L}}\d)(?!:\d|\s*(?:am|pm|a\.m|p\.m){NOT_AFTER})
        (?:\s*(?P<mult>{_MULT_ALL}){NOT_AFTER}(?:\s*(?P<mult2>{_MULT_ALT}){NOT_AFTER})?
           (?P<more>(?:\s*{_WA}\s*\d+(?![\d.,٫/])(?:\s*(?:{_MULT_ALT}){NOT_AFTER})?)*))?
      | {NOT_BEFORE}(?:{_WA}|{_AL})?(?P<word>{_SMALL_ALT}|{_ONE_ALT}(?=\s+(?:{_MULT_ALT})))
        (?:\s+(?P<wmult>{_MULT_ALT})(?:\s+(?P<wmult2>{_MULT_ALT}))?
           (?P<wmore>(?:\s*{_WA}\s*\d+(?![\d.,٫/])(?:\s*(?:{_MULT_ALT}){NOT_AFTER})?)*))?{NOT_AFTER}
      | {NOT_BEFORE}(?:{_BI}|{_WA})?(?P<alone>{_MULT_ALT}){NOT_AFTER}
      | {NOT_BEFORE}(?:{_BI}|{_WA}|{_LI})?(?P<dual>{alternation(DUALS)}){NOT_AFTER}
    )
    (?:[\s-]*(?P<unit>{_UNIT_ALT})(?:{_UNIT_END})?{NOT_AFTER})?
    (?:\s+(?P<qafter>{alternation(_QUAL_AFTER)}){NOT_AFTER})?
    """,
    regex.VERBOSE,
)


_DUAL_UNIT = {fold(k): v for k, v in DUALS.items()}
_TRIGGER = Trigger([*DUALS, *SMALL, *(k for k in MULT if k not in _WORD_ONLY_MULT)], digits=True)


def _number(text: str) -> float | None:
    if regex.fullmatch(r"\d+,\d{1,2}", text):  # decimal comma
        text = text.replace(",", ".")
    t = text.replace(",", "").replace("٬", "").replace("'", "").replace("٫", ".")
    if "/" in t:  # Persian decimal separator ("۲/۵" = 2.5)
        t = t.replace("/", ".")
    try:
        return float(t)
    except ValueError:
        return None


def _add_more(value: float, last_mult: float, more: str | None) -> float:
    """Add the "و"-joined parts of a compound number, each smaller than the multiplier before
    it: "59 میلیارد و 469 میلیون و 780 هزار" = 59469780000, "16 هزار و 132" = 16132."""
    for part in _MORE.finditer(more or ""):
        mult = MULT[part["m"]] if part["m"] else 1.0
        add = float(part["n"]) * mult
        if add >= last_mult:
            break
        value += add
        last_mult = mult
    return value


def find_quantities(
    text: str,
    *,
    offset: int = 0,
    exclude: list[tuple[int, int]] | None = None,
    folded: Folded | None = None,
) -> list[Quantity]:
    """Quantities in `text`; spans are offsets into the article (`offset` added).

    `exclude` holds absolute spans already claimed by dates (years, "21 October"): a number
    inside one is not a quantity.
    """
    f = folded or Folded(text, offset)
    out: list[Quantity] = []
    if not _TRIGGER.hit(f):
        return out  # no digit and no number word: nothing to find (most sentences)
    for m in _QTY.finditer(f.key):
        unit = _UNIT_OF.get(regex.sub(r"\s+", " ", m["unit"])) if m["unit"] else None
        if m["cur"]:
            unit = _UNIT_OF.get(m["cur"].strip(), unit)
        if m["num"]:
            value = _number(m["num"])
            if value is None:
                continue
            mult = m["mult"]
            if mult in _WORD_ONLY_MULT and not (m["cur"] or unit):
                # "5 m" is metres, not millions, when nothing says money
                unit = unit or ("m" if mult == "m" else None)
                mult = None if mult == "m" else mult
            value *= MULT.get(mult, 1.0) if mult else 1.0
            if m["mult2"]:  # "سه هزار میلیارد": 3 x 1000 x 1e9
                value *= MULT[m["mult2"]]
            value = _add_more(value, MULT.get(mult, 1.0) if mult else 1.0, m["more"])
            num_start = m.start("num")
        elif m["word"]:
            base = SMALL.get(m["word"], _ONE.get(m["word"], 1))
            value = float(base) * (MULT[m["wmult"]] if m["wmult"] else 1.0)
            value *= MULT[m["wmult2"]] if m["wmult2"] else 1.0
            if m["wmult"]:
                value = _add_more(value, MULT[m["wmult"]], m["wmore"])
            num_start = m.start("word")
            if not (m["wmult"] or unit or m["qual"]) and value < 2:
                continue
        elif m["dual"]:
            value, num_start = 2.0, m.start("dual")
            unit = unit or _DUAL_UNIT[m["dual"]]
        else:
            value = MULT[m["alone"]]
            num_start = m.start("alone")
            if not (unit or m["qual"]):
                continue  # a bare "thousands"/"ملايين" is too vague to compare
        kstart = m.start("qual") if m["qual"] else (m.start("cur") if m["cur"] else num_start)
        start, end, surface = f.span(kstart, m.end())
        nstart, _, _ = f.span(num_start, m.end())
        if exclude and any(s < end and nstart < e for s, e in exclude):
            continue
        qualifier = _QUAL_OF.get(regex.sub(r"\s+", " ", m["qual"])) if m["qual"] else None
        if m["qafter"] and not qualifier:
            qualifier = _QUAL_AFTER.get(regex.sub(r"\s+", " ", m["qafter"]))
        # "حتى" and "تا" are also "until"/"even": only a qualifier before a unit'd number
        if qualifier == "up to" and m["qual"] in _UNTIL and not unit:
            start, end, surface = f.span(num_start, m.end())
            qualifier = None
        if not math.isfinite(value):
            continue  # a number too large for a float (300+ digits) compares with nothing
        out.append(
            Quantity(
                value=value, text=surface, start=start, end=end, unit=unit, qualifier=qualifier
            )
        )
    out = counts.join_ranges(text, counts.join_compounds(text, out, offset), offset)
    return counts.name_counts(text, out, offset)


__all__ = ["find_quantities", "WORD"]
