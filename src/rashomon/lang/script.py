"""Arabic-script letters and digits: the one place that folds them.

Arabic, Persian, Urdu and Pashto share a script but spell some letters differently, and
writers and keyboards mix the variants freely. Three folds, each for one purpose:

- `LETTER_FOLD` (used by the matching key, `cleaning.normalize.matching_key`): spelling variants
  of one letter to one representative, Arabic form: Persian yeh ی and alef maksura ى -> ي,
  keheh ک -> ك, hamza-carrying alefs -> ا, ؤ -> و, ئ -> ي, heh variants -> ه. Teh marbuta ة and
  heh ه stay apart: folding them merges real words (Arabic feminine endings and pronoun
  suffixes) for little gain.
- `to_persian(text)`: the reverse direction for Persian tools (shekar, wordfreq's Persian
  list), which only know Persian yeh and keheh: ي ى -> ی, ك -> ک; `to_arabic(text)` the other
  way for Arabic tools: ی -> ي, ک -> ك.
- `PERSIAN_TO_ARABIC` / `cross_fold(text)`: for matching names *across* the two languages only
  (never on display text): the letters Persian has and Arabic lacks, to the letter Arabic
  writes for the same sound (پوتین ~ بوتين), and teh marbuta to heh, which is how Persian
  spells Arabic ة (جامعة ~ جامعه).

`SKELETON` is a phonetic consonant skeleton over Arabic and Latin letters, for names told in
different scripts.

Digits: `unicodedata.digit` knows every digit script (Arabic-Indic ٠-٩, extended ۰-۹,
Devanagari, ...); `ascii_digits(text)` maps them all to 0-9.
"""

from __future__ import annotations

import re
import unicodedata

# Letter variants -> one representative (the matching key's fold).
LETTER_FOLD = {
    "ی": "ي",  # Persian yeh
    "ى": "ي",  # alef maksura
    "ې": "ي",  # Pashto yeh
    "ۍ": "ي",
    "ک": "ك",  # Persian keheh
    "ڪ": "ك",
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ؤ": "و",
    "ئ": "ي",
    "ۀ": "ه",  # heh with yeh above (Persian ezafe)
    "ہ": "ه",  # Urdu heh goal
    "ە": "ه",
}

_TO_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
_TO_ARABIC = str.maketrans({"ی": "ي", "ک": "ك"})

# Cross-language fold for names: one table for every module that matches Arabic and Persian
# spellings of the same name (claims.align, entities.keys, entities.namemodel; until Dec 2026
# each had its own, and they disagreed on چ گ ژ). It is claims.align's table plus ة -> ه:
# on the seeds it changes one entity id (a name with گ) and nothing else. The table that
# follows Arabic news spelling more closely (گ -> غ as in غروسي, چ -> ش, ژ -> ج) was measured
# too: it joins Persian آراگوا with Arabic أراغوا but splits Persian شی جینپینگ from Arabic
# شي جين بينغ and moves 11 claim links, so it is left for a measured change of its own.
PERSIAN_TO_ARABIC = {"پ": "ب", "چ": "ج", "ژ": "ز", "گ": "ك", "ة": "ه"}
_CROSS = str.maketrans(PERSIAN_TO_ARABIC)

# Consonant skeleton (`str.translate` table, provenance.original): letters folded to one class
# so Arabic, Persian and Latin transliterations of a foreign name agree; long vowels, hamza,
# ain and spaces are dropped. s and z are one class: Arabic and Persian write an English final
# s as ز (Reuters = رويترز, Times = تايمز).
SKELETON = str.maketrans({
    "گ": "k", "ك": "k", "ق": "k", "ج": "k", "غ": "k", "پ": "b", "ب": "b", "ت": "t", "ط": "t",
    "س": "s", "ص": "s", "ث": "s", "ز": "s", "ذ": "s", "ظ": "s", "ض": "s", "ژ": "s", "z": "s",
    "ه": "h", "ح": "h", "ة": "h", "خ": "x", "ف": "f", "و": None, "ي": None, "ا": None,
    "ء": None, "ئ": None, "ؤ": None, " ": None, "-": None, "'": None, "’": None,
    "a": None, "e": None, "i": None, "o": None, "u": None, "y": None, "w": None,
    "c": "k", "g": "k", "q": "k", "p": "b", "v": "f", "d": "d", "د": "d", "ر": "r", "ل": "l",
    "م": "m", "ن": "n", "ش": "sh", "چ": "ch", "ع": None,
})

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")
# Letters Persian writes and Arabic does not (yeh and keheh count: Arabic writes ي and ك).
PERSIAN_LETTERS = re.compile(r"[پچژگکی]")

_ZWNJ = "\u200c"


def fold_letter(ch: str) -> str:
    """One character's letter fold (`LETTER_FOLD`), any digit to ASCII; others unchanged."""
    if ch in LETTER_FOLD:
        return LETTER_FOLD[ch]
    if ch.isdigit():
        d = unicodedata.digit(ch, None)
        if d is not None:
            return str(d)
    return ch


def to_persian(text: str) -> str:
    """Arabic yeh, alef maksura and kaf written as Persian letters (for Persian tools)."""
    return text.translate(_TO_PERSIAN)


def to_arabic(text: str) -> str:
    """Persian yeh and keheh written as Arabic letters (for Arabic tools)."""
    return text.translate(_TO_ARABIC)


def cross_fold(text: str) -> str:
    """Persian-only letters (and ة) to the Arabic letters used for the same names."""
    return text.translate(_CROSS)


def ascii_digits(text: str) -> str:
    """Every decimal digit, whatever its script, as 0-9; everything else unchanged."""
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and unicodedata.digit(c, None)
                   is not None else c for c in text)


def has_persian_letters(text: str) -> bool:
    return PERSIAN_LETTERS.search(text) is not None
