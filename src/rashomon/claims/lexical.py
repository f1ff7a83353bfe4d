"""Light, script-aware lexical tools for comparing two statements.

Everything works on the matching key (`cleaning.normalize.matching_key`), so Persian and Arabic
letter variants, digit scripts and case never make two equal words look different. These are
deliberately language-light: a stem is the token with common Arabic/Persian clitics stripped, a
"rare" token is one `wordfreq` rates below a Zipf threshold in the statement's language (names,
places, equipment, numbers), and negation/denial cues are short closed-class lists.

Negation cues here are a fallback for raw text pairs (`rashomon compare`); inside a dossier the
per-article extraction (`Statement.polarity`) is used first.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rashomon import lang
from rashomon.cleaning.normalize import matching_key

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Display words: letters/digits with their combining marks (shadda, harakat) and ZWNJ inside, so
# مسيّرة stays one word.
_DISPLAY_WORD = re.compile(
    r"[^\W_][^\W_\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u200c\u200d]*"
    r"(?:[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u200c\u200d]+[^\W_]*)*"
)
_NUMBER = re.compile(r"\d+(?:[.,٫٬]\d+)*")

# Arabic proclitics (conjunction, preposition, article) in the order they stack. Stripping is
# conservative: the remainder must keep at least 3 letters, so short roots are not eaten.
_AR_PREFIXES = lang.words("morphology.proclitics", "ar")
_VERB_PREFIXES = "".join(lang.words("morphology.verb_prefixes", "ar"))  # imperfect / form IV
# Suffixes: Arabic plural/dual/feminine and pronoun endings, Persian plural and ezafe forms,
# longest first.
_SUFFIXES = tuple(sorted(lang.words("morphology.suffixes"), key=len, reverse=True))

# Negation and denial cues, on matching keys (yeh/kaf/alef already folded), from every pack's
# comparison.toml.
NEGATION_CUES = frozenset(lang.words("comparison.negation_words"))
# Persian verbs are negated by a prefix: نمی‌/نخواهد/نکرد/نشد/ندارد... Only these stems after the
# prefix count, so nouns starting with ن are not read as negations.
_FA_GLUE = lang.table("morphology.glue", "fa")
_FA_NEG_PREFIX = re.compile(
    f"^(?:{matching_key(_FA_GLUE['not_continuous'])}|{_FA_GLUE['not']}(?:"
    + "|".join(map(re.escape, lang.words("comparison.negative_verb_stems", "fa")))
    + "))"
)


def display_words(text: str) -> list[str]:
    """Words as written (combining marks kept inside the word)."""
    return _DISPLAY_WORD.findall(text)


def key_tokens(text: str) -> list[str]:
    """Tokens of the matching key, in order."""
    return _WORD.findall(matching_key(text))


def stem(token: str, language: str | None = None) -> str:
    """The token without common Arabic/Persian clitics (language-light, conservative).

    A one-letter proclitic (و ف ب ل ك) is stripped only when the rest is the likelier word in
    `language` (wordfreq), so فنزويلا keeps its ف while وأنظمة loses its و."""
    t = token
    if t.isdigit() or not t.isalpha():
        return t
    if not t.isascii():
        for p in _AR_PREFIXES:
            if t.startswith(p) and len(t) - len(p) >= 3:
                if len(p) == 1 and language and zipf(t[1:], language) <= zipf(t, language):
                    break
                t = t[len(p) :]
                break
        for s in _SUFFIXES:
            if t.endswith(s) and len(t) - len(s) >= 3:
                t = t[: -len(s)]
                break
    elif len(t) > 4 and t.endswith("s"):
        t = t[:-1]
    return t


def is_negation(token: str) -> bool:
    return token in NEGATION_CUES or bool(_FA_NEG_PREFIX.match(token))


def negation_count(text: str) -> int:
    return sum(1 for t in key_tokens(text) if is_negation(t))


@lru_cache(maxsize=200_000)
def zipf(token: str, language: str) -> float:
    """wordfreq's Zipf frequency (0 = unknown, 7 = 'the'); cached."""
    from wordfreq import zipf_frequency

    try:
        return float(zipf_frequency(token, language or "en"))
    except (LookupError, ValueError, ImportError):
        # ImportError: wordfreq tokenises Japanese and Korean with MeCab, an optional
        # dependency; without it a Japanese statement crashed the whole claims step.
        return 0.0


def numbers(text: str) -> list[float]:
    """Digit numbers in any script (thousands separators dropped, decimal comma read)."""
    out = []
    for m in _NUMBER.finditer(matching_key(text)):
        raw = m.group(0).replace("٬", "").replace("٫", ".")
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):
            raw = raw.replace(",", "")
        raw = raw.replace(",", ".")
        try:
            out.append(float(raw))
        except ValueError:
            continue
    return out


@lru_cache(maxsize=1 << 18)
def soft_equal(a: str, b: str) -> bool:
    """Two stems match when equal, when one is a prefix (>= 4 chars) of the other, or (>= 5
    chars) when they differ by one letter: transliterated names vary that way across outlets
    and scripts (كاراكاس / كراكاس)."""
    if a == b:
        return True
    if len(a) >= 4 and len(b) >= 4 and (a.startswith(b) or b.startswith(a)):
        return abs(len(a) - len(b)) <= 2
    if min(len(a), len(b)) >= 5 and not (a.isdigit() or b.isdigit()):
        return edit_distance_le1(a, b)
    # Arabic imperfect verbs: تطلب ~ طلب (one prefix letter of ي ت ن ا on a 3-letter stem).
    if len(a) != len(b) and min(len(a), len(b)) >= 3:
        long, short = (a, b) if len(a) > len(b) else (b, a)
        if len(long) == len(short) + 1 and long[0] in _VERB_PREFIXES and long[1:] == short:
            return True
    return False


def content_stems(text: str, language: str | None, *, stop_zipf: float = 5.3) -> list[str]:
    """Stems of the content words: frequent function words and negation cues left out.

    Frequency is looked up on the display word (wordfreq normalises it itself; the folded key
    would miss 'إلى' as 'الي'); the stem is taken from the folded key."""
    out = []
    for word in display_words(text):
        key = matching_key(word)
        if not key or is_negation(key):
            continue
        if not key.isdigit() and zipf(word, language or "en") >= stop_zipf:
            continue
        t = stem(key, language)
        if len(t) >= 2 or t.isdigit():
            out.append(t)
    return out


def edit_distance_le1(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    return a[i + (la == lb) :] == b[i + 1 :]


def overlap(a: list[str], b: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(matched stems of a, unmatched of a, unmatched of b) with soft matching."""
    used = [False] * len(b)
    matched: list[str] = []
    only_a: list[str] = []
    for x in a:
        hit = next((j for j, y in enumerate(b) if not used[j] and soft_equal(x, y)), None)
        if hit is None:
            only_a.append(x)
        else:
            used[hit] = True
            matched.append(x)
    only_b = [y for j, y in enumerate(b) if not used[j]]
    return matched, only_a, only_b
