"""Quantities in a sentence: digits in any script, thousand separators, number words,
multipliers (ألف / هزار / million), percentages, currencies and units normalised to one
canonical unit name, and qualifiers ("more than", "about", "up to", "at least", "less than").

What is *not* a quantity: a year or a date (the dates extractor owns those spans), and a model
designation glued to letters by a hyphen (Il-76, F-16, S-300): their digits name a thing.
"""

from __future__ import annotations

import math

import regex

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

# -- number words (value), Arabic, Persian, English --------------------------------------------
SMALL = {
    # Arabic
    "اثنان": 2, "اثنين": 2, "اثنتين": 2, "اثنتان": 2, "ثلاث": 3, "ثلاثة": 3, "أربع": 4,
    "أربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثماني": 8,
    "ثمانية": 8, "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10, "عشرين": 20, "عشرون": 20,
    "ثلاثين": 30, "ثلاثون": 30, "أربعين": 40, "أربعون": 40, "خمسين": 50, "خمسون": 50,
    "ستين": 60, "ستون": 60, "سبعين": 70, "سبعون": 70, "ثمانين": 80, "ثمانون": 80,
    "تسعين": 90, "تسعون": 90, "مئة": 100, "مائة": 100, "مئتين": 200, "مائتين": 200,
    "مئتا": 200, "ألفين": 2000, "ألفي": 2000, "عشرات": 10, "مئات": 100,
    # Persian ("یک" is mostly an indefinite article and "نه" mostly "no": not listed)
    "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8, "ده": 10,
    "یازده": 11, "دوازده": 12, "پانزده": 15, "بیست": 20, "سی": 30, "چهل": 40,
    "پنجاه": 50, "شصت": 60, "هفتاد": 70, "هشتاد": 80, "نود": 90, "صد": 100, "دویست": 200,
    "سیصد": 300, "پانصد": 500, "ده‌ها": 10, "صدها": 100,
    # English ("one" is mostly a pronoun: not listed)
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12, "dozens": 12, "hundreds": 100,
}
# Multipliers; alone ("ألف كيلومتر", "a thousand") they are the number itself.
MULT = {
    "ألف": 1e3, "آلاف": 1e3, "الاف": 1e3, "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9,
    "مليارات": 1e9, "بليون": 1e9, "هزار": 1e3, "میلیون": 1e6, "ملیون": 1e6,
    "میلیارد": 1e9, "ملیارد": 1e9, "thousand": 1e3, "thousands": 1e3, "million": 1e6,
    "millions": 1e6, "billion": 1e9, "billions": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6,
    "m": 1e6, "k": 1e3, "ترليون": 1e12, "تریلیون": 1e12, "mln": 1e6, "bln": 1e9,
    "مليونا": 1e6, "مليارا": 1e9, "ألفا": 1e3,
}
# Arabic duals carry the number 2 and the unit in one word ("دولارين" = two dollars)
DUALS = {"دولارين": "USD", "يومين": "day", "شهرين": "month", "عامين": "year", "سنتين": "year",
         "ساعتين": "hour", "كيلومترين": "km", "طنين": "ton", "شخصين": "person",
         "أسبوعين": "week", "جنديين": "soldier", "صاروخين": "missile"}
_WORD_ONLY_MULT = {"m", "k", "bn", "mn"}  # only right after digits ("$5bn"), never alone
SMALL = {fold(k): v for k, v in SMALL.items()}
MULT = {fold(k): v for k, v in MULT.items()}

# -- units: surface stems -> canonical name ---------------------------------------------------
UNITS: dict[str, list[str]] = {
    "km": ["كيلومتر", "كيلومترات", "كيلومترا", "كيلومترًا", "كلم", "كم", "کیلومتر", "کیلومتری",
           "km", "kilometre", "kilometres", "kilometer", "kilometers"],
    "m": ["متر", "مترا", "أمتار", "metre", "metres", "meter", "meters"],
    "mile": ["ميل", "أميال", "مایل", "mile", "miles"],
    "kg": ["كيلوغرام", "كيلوجرام", "كغ", "کیلوگرم", "kg", "kilogram", "kilograms"],
    "ton": ["طن", "أطنان", "تن", "ton", "tons", "tonne", "tonnes"],
    "barrel": ["برميل", "براميل", "برميلا", "بشکه", "barrel", "barrels", "bpd"],
    "USD": ["دولار", "دولارا", "دولارات", "دلار", "dollar", "dollars", "usd", "$"],
    "EUR": ["يورو", "یورو", "euro", "euros", "eur", "€"],
    "GBP": ["جنيه إسترليني", "پوند", "pound", "pounds", "£"],
    "riyal": ["ريال", "ريالا", "ريالات"],  # Arabic riyal (several countries)
    "rial": ["ریال"],  # Iranian rial
    "toman": ["تومان"],
    "percent": ["%", "٪", "في المئة", "في المائة", "بالمئة", "بالمائة", "درصد", "percent",
                "per cent"],
    "person": ["شخص", "أشخاص", "شخصا", "نفر", "people", "persons"],
    "year": ["عام", "عاما", "أعوام", "سنة", "سنوات", "سال", "year", "years"],
    "month": ["شهر", "أشهر", "شهور", "ماه", "month", "months"],
    "day": ["يوم", "يوما", "أيام", "روز", "day", "days"],
    "hour": ["ساعة", "ساعات", "ساعت", "hour", "hours"],
    "second": ["ثانية", "ثوان", "ثواني", "ثانیه", "second", "seconds"],
    "week": ["أسبوع", "أسابيع", "أسبوعا", "هفته", "week", "weeks"],
    "acre": ["فدان", "أفدنة", "acre", "acres"],
    "hectare": ["هكتار", "هكتارات", "هکتار", "hectare", "hectares", "ha"],
    "aircraft": ["طائرة", "طائرات", "هواپیما", "aircraft", "planes"],
    "drone": ["مسيرة", "مسيّرة", "پهپاد", "drone", "drones"],
    "missile": ["صاروخ", "صواريخ", "موشک", "missile", "missiles"],
    "soldier": ["جندي", "جنود", "سرباز", "soldier", "soldiers", "troops"],
}
_UNIT_OF = {fold(s): unit for unit, stems in UNITS.items() for s in stems}

QUALIFIERS: dict[str, list[str]] = {
    "more than": ["أكثر من", "ما يزيد على", "ما يزيد عن", "أزيد من", "يزيد على", "يزيد عن",
                  "بیش از", "بیشتر از", "more than", "over", "above", "upwards of"],
    "less than": ["أقل من", "ما دون", "کمتر از", "less than", "fewer than", "under", "below"],
    "about": ["نحو", "حوالي", "حوالى", "قرابة", "زهاء", "ما يقارب", "ما يقرب من", "حدود",
              "في حدود", "تقريبا", "در حدود", "حدود", "حدودا", "تقریبا", "نزدیک به", "قریب به",
              "about", "around",
              "approximately", "roughly", "nearly", "almost", "some", "an estimated"],
    "up to": ["حتى", "يصل إلى", "تصل إلى", "يصل الى", "تصل الى", "يبلغ", "تا", "up to",
              "as many as", "as much as"],
    "at least": ["على الأقل", "ما لا يقل عن", "لا يقل عن", "دست کم", "دستکم", "حداقل",
                 "at least"],
}
_QUAL_OF = {fold(s): q for q, cues in QUALIFIERS.items() for s in cues}
_QUAL_AFTER = {fold(s): "about" for s in ("تقريبا", "تقریبا", "or so", "approximately")}

# thousands separators (1,200 / ١٬٢٠٠), decimal points (3.5 / ٣٫٥), Persian decimal slash
# (۲/۵), and a decimal comma when fewer than three digits follow it (2,4 مليار = 2.4)
_NUM = r"\d{1,3}(?:[,٬']\d{3})+(?:[.٫]\d+)?(?!\d)|\d+,\d{1,2}(?!\d)|\d+(?:[.٫]\d+|/\d+(?!/))?"
_SMALL_ALT = alternation(SMALL)
_MULT_ALT = alternation(k for k in MULT if k not in _WORD_ONLY_MULT)
# "one" counts only before a multiplier ("یک میلیون", "one million"); alone it is an article
_ONE = {fold(w): 1 for w in ("یک", "one", "a", "واحد")}
_ONE_ALT = alternation(_ONE)
_MORE = regex.compile(rf"و\s*(?P<n>\d+)(?:\s*(?P<m>{_MULT_ALT}))?")
_MULT_ALL = alternation(MULT)
_UNIT_ALT = alternation(_UNIT_OF)
_QUAL_ALT = alternation(_QUAL_OF)

# A number: digits (+ multiplier), a number word (+ multiplier), or a multiplier alone.
_QTY = regex.compile(
    rf"""
    (?:(?P<qual>{_QUAL_ALT})\s+)?
    (?P<cur>[$€£]\s?)?
    (?:
        # digits glued to a Latin letter or after letter+hyphen name a model (F-16, Il-76,
        # ایل−۷۶); an Arabic clitic glued in front ("بـ18.2") is fine
        (?<![\p{{L}}\p{{N}}][-−‐‑–])(?<![\p{{Latin}}\p{{N}}])(?<!\p{{L}}\p{{L}}(?<!ال))(?<!\d:)(?P<num>(?>{_NUM}))(?![-−]?\p{{L}}\d)(?!:\d|\s*(?:am|pm|a\.m|p\.m){NOT_AFTER})
        (?:\s*(?P<mult>{_MULT_ALL}){NOT_AFTER}(?:\s*(?P<mult2>{_MULT_ALT}){NOT_AFTER})?
           (?P<more>(?:\s*و\s*\d+(?![\d.,٫/])(?:\s*(?:{_MULT_ALT}){NOT_AFTER})?)*))?
      | {NOT_BEFORE}(?:و|ال)?(?P<word>{_SMALL_ALT}|{_ONE_ALT}(?=\s+(?:{_MULT_ALT})))
        (?:\s+(?P<wmult>{_MULT_ALT})(?:\s+(?P<wmult2>{_MULT_ALT}))?
           (?P<wmore>(?:\s*و\s*\d+(?![\d.,٫/])(?:\s*(?:{_MULT_ALT}){NOT_AFTER})?)*))?{NOT_AFTER}
      | {NOT_BEFORE}(?:ب|و)?(?P<alone>{_MULT_ALT}){NOT_AFTER}
      | {NOT_BEFORE}(?:ب|و|ل)?(?P<dual>{alternation(DUALS)}){NOT_AFTER}
    )
    (?:[\s-]*(?P<unit>{_UNIT_ALT})(?:ي|ا)?{NOT_AFTER})?
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
        if qualifier == "up to" and m["qual"] in (fold("حتى"), fold("تا")) and not unit:
            start, end, surface = f.span(num_start, m.end())
            qualifier = None
        if not math.isfinite(value):
            continue  # a number too large for a float (300+ digits) compares with nothing
        out.append(
            Quantity(value=value, text=surface, start=start, end=end, unit=unit, qualifier=qualifier)
        )
    return out


__all__ = ["find_quantities", "QUALIFIERS", "UNITS", "WORD"]
