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
- `cross_fold(text)`: for matching names *across* the two languages only (never on display
  text): letters Persian has and Arabic lacks, to the letter Arabic writes for the same sound
  (پوتین ~ بوتين), and teh marbuta to heh, which is how Persian spells Arabic ة (جامعة ~
  جامعه); a loose variant for word overlap and the name model's input mapping (see below).

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

# Cross-language folds. All Persian -> Arabic letter folds live here (until Dec 2026 three
# modules had their own, undocumented, and they disagreed); each has one purpose:
# - PERSIAN_TO_ARABIC (`cross_fold`): entity keys (entities.keys). Only folds that merge no two
#   real words: چ/ج and گ/ك would (Persian چین "China" vs Arabic جين "Jin"). The entity
#   gazetteer (entities/data/gazetteer.json.gz) is keyed with it, so changing it means
#   rebuilding that file (scripts/build_entities_data.py).
# - LOOSE_PERSIAN_TO_ARABIC (`cross_fold(text, loose=True)`): word overlap between statements
#   (claims.align), where a rare false merge only adds weak evidence: also چ -> ج, گ -> ك
#   (پوتین ~ بوتين, آراگوا ~ أراكوا); teh marbuta is left alone (align's stems drop it).
# - NAME_MODEL_INPUT: the input mapping of the ANETAC name model (entities.namemodel), part of
#   that trained artefact: the letters ANETAC's Arabic spellings use most (g -> غ, ch -> ش,
#   zh -> ج); changing it means retraining.
# One fold for all three was measured (Dec 2026, 300 corpus articles and the seeds): with the
# loose table everywhere, mention detection changed in 10 of 100 Persian articles (gazetteer
# look-ups miss); with the strict one everywhere, 2 of the seeds' claims regroup. Unifying
# them needs the gazetteer rebuilt and the name model retrained, with an evaluation.
PERSIAN_TO_ARABIC = {"پ": "ب", "ژ": "ز", "ة": "ه"}
LOOSE_PERSIAN_TO_ARABIC = {"پ": "ب", "چ": "ج", "ژ": "ز", "گ": "ك"}
_CROSS = str.maketrans(PERSIAN_TO_ARABIC)
_LOOSE = str.maketrans(LOOSE_PERSIAN_TO_ARABIC)
NAME_MODEL_INPUT = str.maketrans({"گ": "غ", "چ": "ش", "پ": "ب", "ژ": "ج"})
# - ANETAC_LOOKUP: a second spelling tried when a Persian name is looked up in ANETAC's table of
#   Arabic spellings and Latin forms (entities.latin): as NAME_MODEL_INPUT but چ -> تش, the
#   spelling ANETAC's lookup table holds for "ch" names.
ANETAC_LOOKUP = str.maketrans({"گ": "غ", "چ": "تش", "پ": "ب", "ژ": "ج"})
# - ANETAC_PLAIN: letters ANETAC's Arabic never writes (hamza on alef, alef maksura), as the
#   letters it writes instead: the neural transliterator's input (entities.seq2seq), which
#   has never seen them (أردوغان reads as اردوغان, not as an unknown first letter).
#   The letter transducer reads them the same way but keeps the seats that write a vowel
#   (`name_list_fold`, `name_vowels`). ANETAC's 79,924 pairs hold no أ إ آ ٱ or ى and two ة;
#   news text writes them all the time (أحمد, موسى, أسامة), which the transducer read as
#   unknown letters.
_PLAIN = {"أ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}
ANETAC_PLAIN = str.maketrans({**_PLAIN, "إ": "ا"})
_NAME_LIST = str.maketrans(_PLAIN)
# Seats that write a vowel, read by the transducer as the alef spelt with that vowel (as
# PERSIAN_LATIN spells a Persian letter's consonant): hamza below is i, with the long yeh after
# it (إسرائيل Israel, إيران Iran, not "Ie-ran"); a word-initial hamza-alef before waw is the
# vowel the waw writes, o (أوباما Obama, أوسلو Oslo: ANETAC spells its alef-waw "au" and has
# its O- names only after the conjunction, واوباما). A word-final ta marbuta is read as heh
# spelt with a (أسامة Osama(h), القاهرة ...ra(h), not ANETAC's "eh" of a Persian final heh),
# after yeh with iya (سورية Suriya(h), not "Soreah").
# (seat, where: 0 anywhere, 1 word-initial, -1 word-final, the letter read, its vowel)
_VOWEL_SEATS = (
    ("إي", 0, "ا", "i"),
    ("إ", 0, "ا", "i"),
    ("أو", 1, "ا", "o"),
    ("ية", -1, "ه", "iya"),
    ("ة", -1, "ه", "a"),
)
# Transliteration into Latin (entities.translit): the letters ANETAC's Arabic never uses, with
# their Latin spelling, and the letters a consonant skeleton reads as vowels (long vowels,
# alef maksura, teh marbuta, hamza, ain).
PERSIAN_LATIN = {"پ": "p", "چ": "ch", "ژ": "zh", "گ": "g"}
VOWEL_LETTERS = "اويىةءعأإآؤئ"

# Consonant skeleton (`str.translate` table, provenance.original): letters folded to one class
# so Arabic, Persian and Latin transliterations of a foreign name agree; long vowels, hamza,
# ain and spaces are dropped. s and z are one class: Arabic and Persian write an English final
# s as ز (Reuters = رويترز, Times = تايمز).
SKELETON = str.maketrans(
    {
        "گ": "k",
        "ك": "k",
        "ق": "k",
        "ج": "k",
        "غ": "k",
        "پ": "b",
        "ب": "b",
        "ت": "t",
        "ط": "t",
        "س": "s",
        "ص": "s",
        "ث": "s",
        "ز": "s",
        "ذ": "s",
        "ظ": "s",
        "ض": "s",
        "ژ": "s",
        "z": "s",
        "ه": "h",
        "ح": "h",
        "ة": "h",
        "خ": "x",
        "ف": "f",
        "و": None,
        "ي": None,
        "ا": None,
        "ء": None,
        "ئ": None,
        "ؤ": None,
        " ": None,
        "-": None,
        "'": None,
        "’": None,
        "a": None,
        "e": None,
        "i": None,
        "o": None,
        "u": None,
        "y": None,
        "w": None,
        "c": "k",
        "g": "k",
        "q": "k",
        "p": "b",
        "v": "f",
        "d": "d",
        "د": "d",
        "ر": "r",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "ش": "sh",
        "چ": "ch",
        "ع": None,
    }
)

# Consonant classes of names told in different scripts (entities.keys, the linker's skeleton;
# its Latin side is there). Vowel letters (ا و ي) are dropped; و folds into F/V only in the
# "strong" reading (entities.keys.skeletons). It differs from SKELETON (ج is J here, k there;
# ش is C here, sh there): merging the two would change which names link and which reports
# read as copies, so each stays with the code it was tuned with.
CONSONANT_CLASS = {
    "ب": "B",
    "پ": "B",
    "ت": "T",
    "ط": "T",
    "ث": "S",
    "ج": "J",
    "چ": "J",
    "ح": "H",
    "خ": "K",
    "د": "D",
    "ض": "D",
    "ذ": "Z",
    "ر": "R",
    "ز": "Z",
    "ژ": "J",
    "س": "S",
    "ص": "S",
    "ش": "C",
    "ع": "",
    "غ": "G",
    "ف": "F",
    "ق": "K",
    "ك": "K",
    "گ": "G",
    "ل": "L",
    "م": "M",
    "ن": "N",
    "ه": "H",
    "ة": "",
    "ظ": "Z",
    "ء": "",
    "ا": "",
    "ي": "",
    "و": "",
}

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")
# Letters only one language of the script writes, evidence for the language of a text:
# Persian's own consonants (پ چ ژ گ, which Arabic lacks), its spellings of yeh and keheh (Arabic
# writes ي and ك), its heh with yeh above (ezafe); Arabic's teh marbuta and alef maksura (rare
# in Persian); Urdu's letters.
PERSIAN_ONLY_LETTERS = "پچژگ"
PERSIAN_KEHEH = "ک"
PERSIAN_YEH = "ی"
PERSIAN_FORMS = PERSIAN_KEHEH + PERSIAN_YEH
PERSIAN_EZAFE = "ۀ"
ARABIC_ONLY_LETTERS = "ةى"
# Letter variants the search folds, shown to users as examples (serve's search page).
FOLD_EXAMPLES = "ي/ی, ك/ک, أ/ا"
URDU_LETTERS = "ےںٹڈڑھ"
PERSIAN_ONLY = re.compile(f"[{PERSIAN_ONLY_LETTERS}]")
PERSIAN_LETTERS = re.compile(f"[{PERSIAN_ONLY_LETTERS}{PERSIAN_FORMS}]")

# One word of plain Arabic and Persian letters (hamza to yeh, and Persian's own): a name a
# transliterator can spell letter by letter
NAME_LETTERS = re.compile("[\u0621-\u064a" + PERSIAN_ONLY_LETTERS + PERSIAN_FORMS + "]+")
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


def name_list_fold(text: str) -> str:
    """`text` (one word) with the letters ANETAC's name pairs never write (hamza above or
    madda on alef, alef maksura, ta marbuta) as the ones they write (alef, yeh, heh); the
    seats `name_vowels` reads are kept."""
    head = next(
        (seat for seat, where, _, _ in _VOWEL_SEATS if where >= 0 and text.startswith(seat)), ""
    )
    rest = text[len(head) :]
    tail = next(
        (seat for seat, where, _, _ in _VOWEL_SEATS if where < 0 and rest.endswith(seat)), ""
    )
    return head + rest[: len(rest) - len(tail)].translate(_NAME_LIST) + tail


def name_vowels(word: str) -> tuple[str, dict[int, str]]:
    """(`word` with each vowel seat (`_VOWEL_SEATS`) as the letter it is read as, {its
    position: the Latin vowel it spells})."""
    out: list[str] = []
    vowels: dict[int, str] = {}
    i = 0
    while i < len(word):
        for seat, where, letter, vowel in _VOWEL_SEATS:
            if (
                word.startswith(seat, i)
                and (where != 1 or i == 0)
                and (where != -1 or i + len(seat) == len(word))
            ):
                vowels[len(out)] = vowel
                out.append(letter)
                i += len(seat)
                break
        else:
            out.append(word[i])
            i += 1
    return "".join(out), vowels


def cross_fold(text: str, loose: bool = False) -> str:
    """Persian-only letters to Arabic ones for matching names across the two languages
    (`PERSIAN_TO_ARABIC`, or with `loose` `LOOSE_PERSIAN_TO_ARABIC`; see above)."""
    return text.translate(_LOOSE if loose else _CROSS)


def ascii_digits(text: str) -> str:
    """Every decimal digit, whatever its script, as 0-9; everything else unchanged."""
    return "".join(
        str(unicodedata.digit(c)) if c.isdigit() and unicodedata.digit(c, None) is not None else c
        for c in text
    )


def has_persian_letters(text: str) -> bool:
    return PERSIAN_LETTERS.search(text) is not None
