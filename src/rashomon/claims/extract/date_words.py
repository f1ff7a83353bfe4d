"""The words the date rules read: month names (Gregorian in Arabic, Persian and English; Jalali;
Hijri), weekdays, relative words ("الماضي", "گذشته", "last"), periods, "ago" units, deictic days
and calendar marks. Written in natural spelling, folded once at import (see `folded.py`).
"""

from __future__ import annotations

from rashomon.claims.extract.folded import alternation, fold
from rashomon.claims.extract.quantities import SMALL

_GREG = {
    1: ["يناير", "كانون الثاني", "ژانویه", "ژانویهٔ", "january", "jan"],
    2: ["فبراير", "شباط", "فوریه", "february", "feb"],
    3: ["مارس", "آذار", "مارچ", "march", "mar"],
    4: ["أبريل", "ابريل", "إبريل", "نيسان", "آوریل", "april", "apr"],
    5: ["مايو", "أيار", "مه", "می", "may"],
    6: ["يونيو", "يونيه", "حزيران", "ژوئن", "june", "jun"],
    7: ["يوليو", "يوليه", "تموز", "ژوئیه", "جولای", "july", "jul"],
    8: ["أغسطس", "اغسطس", "آب", "اوت", "آگوست", "august", "aug"],
    9: ["سبتمبر", "أيلول", "سپتامبر", "september", "sept", "sep"],
    10: ["أكتوبر", "اكتوبر", "تشرين الأول", "اکتبر", "october", "oct"],
    11: ["نوفمبر", "تشرين الثاني", "نوامبر", "november", "nov"],
    12: ["ديسمبر", "كانون الأول", "دسامبر", "december", "dec"],
}
_JALALI = {
    1: ["فروردین"], 2: ["اردیبهشت"], 3: ["خرداد"], 4: ["تیر"], 5: ["مرداد", "امرداد"],
    6: ["شهریور"], 7: ["مهر"], 8: ["آبان"], 9: ["آذر"], 10: ["دی"], 11: ["بهمن"], 12: ["اسفند"],
}
_HIJRI = {
    1: ["محرم"], 2: ["صفر"], 3: ["ربيع الأول"], 4: ["ربيع الآخر", "ربيع الثاني"],
    5: ["جمادى الأولى"], 6: ["جمادى الآخرة", "جمادى الثانية"], 7: ["رجب"], 8: ["شعبان"],
    9: ["رمضان"], 10: ["شوال"], 11: ["ذو القعدة"], 12: ["ذو الحجة"],
}
# Short or ambiguous month words ("may", "مه", "می", "آب", "دی", "تیر", "مهر") count only with a
# day number or a year next to them, never alone.
_AMBIGUOUS = {fold(w) for w in ("may", "mar", "jun", "jul", "aug", "dec", "oct", "sep", "jan",
                                "feb", "apr", "nov", "sept", "مه", "می", "آب", "دی", "تیر",
                                "مهر", "آذر", "صفر", "رجب", "مارس")}


def _lex(table: dict[int, list[str]]) -> dict[str, int]:
    return {fold(w): n for n, words in table.items() for w in words}


_GREG_OF, _JAL_OF, _HIJ_OF = _lex(_GREG), _lex(_JALALI), _lex(_HIJRI)
_MONTH_OF = {**_HIJ_OF, **_JAL_OF, **_GREG_OF}  # Gregorian wins a clash ("آذار" vs "آذر": no clash)
_CAL_OF = {**{k: "h" for k in _HIJ_OF}, **{k: "j" for k in _JAL_OF}, **{k: "g" for k in _GREG_OF}}
_MONTH = alternation(_MONTH_OF)

_WEEKDAYS = {  # Python weekday(): Monday = 0
    0: ["الاثنين", "الإثنين", "دوشنبه", "monday"],
    1: ["الثلاثاء", "سه‌شنبه", "سه شنبه", "tuesday"],
    2: ["الأربعاء", "الاربعاء", "چهارشنبه", "wednesday"],
    3: ["الخميس", "پنجشنبه", "پنج‌شنبه", "پنج شنبه", "thursday"],
    4: ["الجمعة", "جمعه", "friday"],
    5: ["السبت", "شنبه", "saturday"],
    6: ["الأحد", "یکشنبه", "یک‌شنبه", "یک شنبه", "sunday"],
}
_WD_OF = {fold(w): n for n, ws in _WEEKDAYS.items() for w in ws}
_WD = alternation(_WD_OF)

_PAST = ["الماضي", "الماضية", "المنصرم", "المنصرمة", "الفائت", "السابق", "گذشته", "پیش",
         "قبل", "last", "past", "previous"]
_NEXT = ["المقبل", "المقبلة", "القادم", "القادمة", "آینده", "بعد", "next", "coming"]
_THIS = ["الجاري", "الجارية", "الحالي", "الحالية", "هذا", "هذه", "جاری", "این", "همین",
         "this", "current"]
_DIR = {**{fold(w): -1 for w in _PAST}, **{fold(w): 1 for w in _NEXT},
        **{fold(w): 0 for w in _THIS}}
_DIR_ALT = alternation(_DIR)
_TOD = alternation(["صباح", "مساء", "ظهر", "عصر", "فجر", "ليلة", "ليل", "شب", "صبح", "عصر",
                    "morning", "afternoon", "evening", "night", "early", "late"])
_PERIOD = {fold(w): p for p, ws in {
    "week": ["الأسبوع", "الاسبوع", "أسبوع", "هفته", "week"],
    "month": ["الشهر", "شهر", "ماه", "month"],
    "year": ["العام", "السنة", "عام", "سنة", "سال", "year"],
}.items() for w in ws}
_PERIOD_ALT = alternation(_PERIOD)
_AGO_UNIT = {fold(w): p for p, ws in {
    "day": ["يوم", "أيام", "يوما", "روز", "day", "days"],
    "week": ["أسبوع", "أسابيع", "هفته", "week", "weeks"],
    "month": ["شهر", "أشهر", "شهور", "ماه", "month", "months"],
    "year": ["عام", "عاما", "أعوام", "سنة", "سنوات", "سال", "year", "years"],
}.items() for w in ws}
_DUAL = {fold(w): p for w, p in {"يومين": "day", "أسبوعين": "week", "شهرين": "month",
                                 "عامين": "year", "سنتين": "year"}.items()}
_DEICTIC = {fold(w): d for w, d in {
    "اليوم": 0, "أمس": -1, "الأمس": -1, "البارحة": -1, "أمس الأول": -2, "غدا": 1, "غداً": 1,
    "امروز": 0, "دیروز": -1, "دیشب": -1, "فردا": 1, "پریروز": -2, "today": 0,
    "الليلة الماضية": -1, "ليلة أمس": -1, "مساء أمس": -1, "صباح أمس": -1, "روز گذشته": -1,
    "شب گذشته": -1, "امشب": 0, "this morning": 0,
    "yesterday": -1, "tomorrow": 1, "tonight": 0, "last night": -1,
}.items()}
_YEAR_WORD = alternation(["عام", "سنة", "العام", "سال", "in", "since", "منذ", "في", "year",
                          "by", "until", "حتى", "تا", "از", "من"])
_JAL_MARK = alternation(["ه.ش", "هـ.ش", "هجری شمسی", "شمسی", "خورشیدی"])
_HIJ_MARK = alternation(["هـ", "ه", "هجري", "هجرية", "ه.ق", "هجری قمری", "قمری", "ah"])
_GREG_MARK = alternation(["م", "میلادی", "ميلادي", "ميلادية", "ad", "ce"])
_MID = alternation(["منتصف", "أواسط", "اواسط", "نیمه", "mid", "middle of"])
_BARE_MONTH_CUE = alternation(["في", "خلال", "منذ", "شهر", "مطلع", "أوائل", "أواخر", "بداية",
                               "نهاية", "در", "ماه", "اوایل", "اواخر", "از", "in", "since",
                               "during", "until", "early", "late", "end of", "since"])
_NUMWORD = alternation(SMALL)
