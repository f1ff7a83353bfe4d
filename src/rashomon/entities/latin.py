"""The Latin-script name of an entity, where it came from and how sure it is.

In order: the gazetteer (CLDR/GeoNames/pycountry English name of a place, a seat of
government's English name); a Latin-script mention of the entity in the batch (an English
article, a Latin name inside Arabic text); an exact lookup of the Arabic-script name in the
ANETAC name pairs (`names`), the whole name or every word of it; then the learned
transliteration (`translit`), which is a guess: "attested" when the spelling it picked is one
English text uses (wordfreq: ميركل -> Merkel), plain "transliteration" otherwise, which the
report marks as a guess. A multi-word name is looked up word by word; two adjacent words whose
joined spelling English text uses are one word there (Chinese given names: جين بينغ ->
Jinping). A name headed by a common noun (the packs' entities.name_heads: sea, state,
ministry...) is composed: the head in English, only the rest looked up, glossed or
transliterated (البحر الكاريبي -> "Caribbean Sea", not "Albaher Caribe"), source "composed"
when the rest is known, else the rest's guess. Of an entity's spellings (Arabic and Persian,
with clitics), the one with the surest source names it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import product

from rashomon import lang as packs
from rashomon.entities import names, newsnames, people, translit
from rashomon.entities.gazetteer import load as load_gazetteer
from rashomon.entities.keys import (
    ARABIC_SCRIPT,
    base_key,
    drop_article,
    light,
    similarity,
    skeleton,
    skeleton_similarity,
    token_key,
)
from rashomon.gloss.lexicon import ARTICLES
from rashomon.lang.script import ANETAC_LOOKUP, ascii_digits, to_arabic

# How sure each source is: a rough prior, not a measured probability.
CONFIDENCE = {
    "gazetteer": 0.95,
    "text": 0.9,
    "lookup": 0.85,
    "lookup-words": 0.7,
    "composed": 0.7,
    "attested": 0.5,
    "transliteration": 0.3,
}
RANK = {s: k for k, s in enumerate(CONFIDENCE)}
# ANETAC spells names in Arabic letters; Persian writes some sounds with its own.
_PERSIAN_TO_ARABIC = ANETAC_LOOKUP


@dataclass(frozen=True, slots=True)
class LatinName:
    text: str
    source: str  # one of CONFIDENCE's keys
    confidence: float

    @property
    def guessed(self) -> bool:
        return self.source in ("attested", "transliteration")


def _made(text: str, source: str) -> LatinName:
    return LatinName(text, source, CONFIDENCE[source])


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s\u200c]+", name) if w]


def zipf(word: str, lang: str) -> float:
    from rashomon.entities.doc import zipf as _zipf

    return _zipf(word, lang)


def _names_no_person(word: str, hit: tuple[str, str] | None) -> bool:
    """Does ANETAC (`hit`: its lookup of the word) or the gazetteer know `word` as a place or an
    organisation? Then no person's spelling names it."""
    if hit and hit[1] != "person":
        return True
    gaz = load_gazetteer()
    e = gaz.best(base_key(word))
    return bool(e and gaz.entries[e].get("latin"))


def _person_word(word: str, region: str | None) -> str | None:
    """The spelling people with the name `word` use (`people`), unless the word names a place
    or an organisation in ANETAC or the gazetteer; None where `region` is None (a name headed
    by a common noun, a model code: no person's)."""
    if region is None:
        return None
    key = token_key(word)
    spelt = people.spelling(key, region)
    if spelt is None or _names_no_person(word, names.lookup(key)):
        return None
    return spelt


def _news_word(word: str, region: str | None) -> str | None:
    """The spelling the news uses for the name word `word` (`newsnames`, JRC-Names), with the
    guards of `_person_word`: none for a word ANETAC or the gazetteer knows as a place or an
    organisation, none where `region` is None. Nor where ANETAC's spelling is one of the
    news's (the lookup's spelling stands), for a word with the Arabic article (the key drops
    it, and «النيل», the Nile, is no Neil), or for one the gloss lexicon of either language
    knows as a common word («كتاب» "book", «امور» "affairs": the list pairs them with family
    names, Kuttab, Amour)."""
    if region is None:
        return None
    from rashomon.entities import common

    bare = light(word)
    if drop_article(bare) != bare or any(common.own_common(lang, word) for lang in ("ar", "fa")):
        return None
    key = token_key(word)
    found = newsnames.spellings(key)
    if not found:
        return None
    hit = names.lookup(key)
    if hit and hit[0].lower() in {x.lower() for x in found}:
        return None  # ANETAC's spelling, which the news also uses
    return None if _names_no_person(word, hit) else found[0]


def _name_word(word: str, region: str | None) -> str | None:
    """How people with the name spell it (`people`), else how the news spells it
    (`newsnames`)."""
    return _person_word(word, region) or _news_word(word, region)


def _word(word: str, region: str | None = None) -> tuple[str, str] | None:
    """(Latin spelling, source) of one Arabic-script word: "lookup" (the people's spellings,
    ANETAC or the gazetteer), "attested" or "transliteration". `region`: whose spelling of a
    person's name (`people.region_of`); None: not a person's."""
    for w in (word, word.translate(_PERSIAN_TO_ARABIC)):
        spelt = _name_word(w, region)
        if spelt:
            return spelt, "lookup"
        hit = names.lookup(token_key(w))
        if hit:
            if zipf(hit[0].lower(), "en") < translit.ATTESTED_ZIPF:
                # ANETAC's spelling is one English text never uses (ستوري "Storri"): a
                # spelling it does use is likelier right (Story)
                known = translit.known_spelling(word) if _LETTERS.match(word) else None
                if known:
                    return known[:1].upper() + known[1:], "attested"
            return hit[0], "lookup"
        gaz = load_gazetteer()
        e = gaz.best(base_key(w))
        if e and gaz.entries[e].get("latin"):
            return gaz.entries[e]["latin"], "lookup"
    return _guess(word)


_LETTERS = re.compile(r"^[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u0640-\u065f]+$")


def _guess(word: str) -> tuple[str, str] | None:
    """The reranked transliteration of one word: "attested" when English text uses the
    spelling (wordfreq), else "transliteration"."""
    guess = translit.to_latin(word)
    if not guess:
        return None
    if _LETTERS.match(word) and translit.attested(word, guess.lower()):
        return guess, "attested"
    return guess, "transliteration"


# A joined spelling must be this common in English (Zipf) to join two words: a random
# concatenation of two syllables almost never is (jinping 2.8).
JOINED_ZIPF = 2.0


def _joined(a: str, b: str) -> str | None:
    """The spelling of two adjacent Arabic-script words as one English word, if English text
    uses it (جين بينغ -> Jinping), else None."""
    if not (_LETTERS.match(a) and _LETTERS.match(b)) or min(len(a), len(b)) < 3:
        return None  # لي كه: two-letter words join into too many English words
    # among the spellings English uses often enough: the transducer's scores spread wider
    # than the unit table's, and a likelier rare word (jibing) would hide Jinping
    known = translit.known_spelling(a + b, JOINED_ZIPF)
    if known:
        return known[:1].upper() + known[1:]
    return None


# Pinyin writes x and q where Arabic script has ش and تش/چ (before i or u): Xi, Xu, Qian.
_PINYIN = (("sh", "x"), ("ch", "q"))


def _pinyin(part: tuple[str, str]) -> tuple[str, str]:
    """A one-syllable family name beside a joined given name (شي جين بينغ: a Chinese name):
    its pinyin reading (Xi) when English text uses it more than the plain one (Shi)."""
    text = part[0]
    low = text.lower()
    best, best_f = text, zipf(low, "en")
    for old, new in _PINYIN:
        if low.startswith(old) and low[2:3] in ("i", "u") and len(low) <= 4:
            alt = new + low[2:]
            if zipf(alt, "en") > best_f:
                best, best_f = alt[:1].upper() + alt[1:], zipf(alt, "en")
    if best_f >= translit.ATTESTED_ZIPF:
        return best, "attested"
    return part


# The Latin letters by the names Arabic and Persian write them with (the packs'
# entities.letter_names: بي بي سي BBC, إف-16 F-16), by token key.
# Keyed as written but for Persian yeh and keheh (the alefs stay apart: إي E, Persian ای A).
def _letter_key(word: str) -> str:
    return to_arabic(re.sub(r"[\u064b-\u065f\u0640\u200c]", "", word))


def _letter_table() -> dict[str, tuple[str, ...]]:
    """Letter name key -> its letters ("B|P": either, the first by default)."""
    out: dict[str, tuple[str, ...]] = {}
    for iso in packs.isos():
        for name, letters in packs.table("entities.letter_names", iso).items():
            key = _letter_key(name)
            out[key] = tuple(dict.fromkeys((*out.get(key, ()), *letters.split("|"))))
    return out


_LETTER_NAMES = _letter_table()
# A word of Arabic letters with a number joined to it (سو-30, إس-400, فلایترادار۲۴): the
# letters, then the code as written (digits of any script, ASCII letters, hyphens).
_CODE = re.compile(r"^(\w*?[^\W\d_\u0640])([-\u2010\u2011\u2013]?\d[\dA-Za-z\-./]*)$")
# The article a first letter name may carry, alone or with a clitic (البي بي سي "the BBC",
# والآر بي جي "and the RPG"); a one-letter clitic alone would read names as letters («بان»).
_CLITICS = ARTICLES


def _split_code(word: str) -> tuple[str, str]:
    """(letters, code) of a word that ends in a number (سو-30 -> سو, -30); (word, "")
    otherwise. The code's digits in ASCII."""
    m = _CODE.match(word)
    if not m or not ARABIC_SCRIPT.search(m.group(1)):
        return word, ""
    return m.group(1), ascii_digits(m.group(2))


def _letters_of(word: str, first: bool) -> tuple[tuple[str, ...] | None, str]:
    """(the letters a letter name may stand for, its code) of a word; the first word of an
    acronym may carry a clitic."""
    head, code = _split_code(word)
    letters = _LETTER_NAMES.get(_letter_key(head))
    if letters is None and first:
        for clitic in _CLITICS:
            if head.startswith(clitic) and _letter_key(head[len(clitic) :]) in _LETTER_NAMES:
                letters = _LETTER_NAMES[_letter_key(head[len(clitic) :])]
                break
    return letters, code


def _acronym(words: list[str], k: int) -> tuple[str, int] | None:
    """(spelling, words used) of the acronym starting at words[k]: two or more letter names
    in a row (بي بي سي -> BBC), or one with a hyphenated number joined to it (إف-16 ->
    F-16); a number ends it (إس-400). Where a letter name stands for two letters (Arabic بي:
    B or P), the spelling English text uses most (wordfreq: RPG, BBC), else the first letters.
    None if words[k] starts none."""
    letters: list[tuple[str, ...]] = []
    code = ""
    j = k
    while j < len(words):
        options, joined = _letters_of(words[j], j == k)
        if not options:
            break
        letters.append(options)
        j += 1
        if joined:
            code = joined
            break
    if not letters or (
        len(letters) == 1 and not code.startswith(("-", "\u2010", "\u2011", "\u2013"))
    ):
        return None
    spellings = ["".join(p) for p in product(*letters)][:16]
    best = max(spellings, key=lambda sp: (zipf(sp.lower(), "en"), -spellings.index(sp)))
    return best + code, j


def _coded(word: str) -> tuple[str, str] | None:
    """(Latin spelling, source) of one word with a number joined to it (سو-30 -> "So-30"):
    its letters looked up or transliterated, the code kept as written; None for other words."""
    head, code = _split_code(word)
    if not code or len(head) < 2:
        return None  # ص743, ج30: an abbreviation ("page", "part") and a number, no name
    part = _word(head)
    return (part[0] + code, part[1]) if part else None


def lookup(name: str, persons: bool = True) -> LatinName | None:
    """The Latin spelling of an Arabic-script name of several words, or of one word found in
    ANETAC: the whole name, else word by word (how people with that name spell it, ANETAC,
    the gazetteer, then transliteration, two words joined where English writes them as one;
    acronyms and model codes spelt with the Latin letters' names, numbers kept: آي بي إم IBM,
    إف-16 F-16); the source is that of the least sure word. `persons` False: no word is taken
    for a person's name (`people`; the rest of a name headed by a common noun)."""
    region = people.region_of(name) if persons else None
    for variant in (name, name.translate(_PERSIAN_TO_ARABIC)):
        key = " ".join(token_key(w) for w in _words(variant))
        hit = names.lookup(key)
        if hit:
            # one word ANETAC spells as a person's name: as people with that name spell it
            spelt = _name_word(variant, region) if " " not in key else None
            return _made(spelt or hit[0], "lookup")
    if persons:  # the whole name of a person Wikidata knows («نبيه بري» Nabih Berri)
        for variant in (name, name.translate(_PERSIAN_TO_ARABIC)):
            # its words as `_words` reads them, and with the parts a ZWNJ joins written as one
            # word, as labels often write them (احمدي‌نژاد)
            for words in (_words(variant), variant.replace("\u200c", "").split()):
                whole = people.full_name(" ".join(token_key(w) for w in words))
                if whole:
                    return _made(whole, "lookup")
    words = _words(name)
    if len(words) < 2:
        return None
    headed = _headed(words)
    if headed:
        return headed
    parts: list[tuple[str, str]] = []
    k = 0
    joins = 0
    while k < len(words):
        acronym = _acronym(words, k)
        if acronym:
            parts.append((acronym[0], "lookup"))
            k = acronym[1]
            continue
        if k + 1 < len(words) and ARABIC_SCRIPT.search(words[k] + words[k + 1]):
            joined = _joined(words[k], words[k + 1])
            if joined:
                parts.append((joined, "attested"))
                joins += 1
                k += 2
                continue
        if not ARABIC_SCRIPT.search(words[k]):
            part: tuple[str, str] | None = (ascii_digits(words[k]), "lookup")
        else:
            part = _coded(words[k]) or _word(words[k], region)
        if not part:
            return None
        parts.append(part)
        k += 1
    if joins and len(parts) == 2:
        parts = [_pinyin(p) if p[1] == "transliteration" else p for p in parts]
    text = " ".join(p[0] for p in parts)
    worst = max((p[1] for p in parts), key=lambda src: RANK.get(src, 0))
    return _made(text, "lookup-words" if worst == "lookup" else worst)


# A common noun heading a name (the packs' entities.name_heads: token key of the head, which may
# be several words -> English template, * for the proper part).
_HEADS = {
    " ".join(token_key(w) for w in _words(head)): template
    for head, template in packs.table("entities.name_heads").items()
}
_HEAD_WORDS = max((k.count(" ") + 1 for k in _HEADS), default=0)
_SURE = ("gazetteer", "text", "lookup", "lookup-words", "composed")


def _headed(words: list[str]) -> LatinName | None:
    """A name whose first words are a common noun heading it (البحر الكاريبي, ایالت آراگوا,
    وزارت خارجه روسیه): the head in English by its template, the rest looked up, glossed or
    transliterated ("Caribbean Sea", "Aragua State", "Ministry of Foreign Affairs of Russia").
    Its source: "composed" when the rest is known (a lookup, the gazetteer or the gloss
    lexicon), else the rest's guess, which the report marks as such."""
    for n in range(min(_HEAD_WORDS, len(words)), 0, -1):
        template = _HEADS.get(" ".join(token_key(w) for w in words[:n]))
        if template:
            break
    else:
        return None
    rest = words[n:]
    if not rest:  # «وزارة الدفاع»: the head alone
        return _made(template.replace(" of *", "").replace("* ", "").replace(" *", ""), "composed")
    gaz = load_gazetteer()
    key = " ".join(base_key(w) for w in rest)
    # after a head noun a city name that is a word too is the city («استان کرمان»)
    entry = gaz.best(key) or gaz.quiet_best(key)
    adjective = False
    if entry and gaz.entries[entry].get("latin"):
        part: tuple[str, str] | None = (gaz.entries[entry]["latin"], "lookup")
    elif len(rest) == 1:
        part, adjective = _rest_word(rest[0])
    else:
        english = _lexicon_name(" ".join(rest))
        found = _made(english, "lookup") if english else lookup(" ".join(rest), persons=False)
        part = (found.text, found.source) if found else None
    if not part:
        return None
    text, source = part
    if adjective and template.endswith(" of *"):
        out = f"{text} {template[: -len(' of *')]}"  # «الروسية»: Russian Ministry of ...
    else:
        out = template.replace("*", text)
    return _made(out, "composed" if source in _SURE else source)


def _rest_word(word: str) -> tuple[tuple[str, str] | None, bool]:
    """((Latin spelling, source), is it a place adjective) of the one word after a head: an
    ANETAC or gazetteer lookup, else the gloss lexicon's English (الأحمر -> Red, الروسية ->
    Russian), else the transliteration's guess."""
    from rashomon.cleaning.normalize import matching_key
    from rashomon.entities.doc import Doc, guess_language

    lang = guess_language(word, None)
    adjective = Doc(word, lang, load_gazetteer(), Counter()).is_demonym(0)
    found = _word(word)
    if found and found[1] == "lookup":
        return found, adjective
    for k, lex in enumerate(_lexicons(word)):
        # the other language's lexicon only for the word itself, not a stem its affixes hide
        entry = lex.lookup(matching_key(word)) if k == 0 else lex.own(matching_key(word))
        if entry and " " not in entry.english:
            return (entry.english[:1].upper() + entry.english[1:], "lookup"), adjective
    return found, adjective


def latin_name(
    name: str,
    gazetteer_latin: str | None,
    latin_mentions: Counter,
    spellings: Counter | None = None,
) -> LatinName | None:
    """The best Latin name of an entity called `name` (its display name); `spellings`: its
    other surfaces with their counts, tried when the display name gives only a guess."""
    if gazetteer_latin:
        return _made(gazetteer_latin, "gazetteer")
    if latin_mentions:
        return _made(latin_mentions.most_common(1)[0][0], "text")
    best = _from_arabic(name)
    if best and best.guessed and spellings:
        for other, _n in sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_SPELLINGS]:
            if other == name or not _variant(name, other):
                continue
            found = _from_arabic(other)
            if found and RANK[found.source] < RANK[best.source]:
                best = found
    return best


MAX_SPELLINGS = 6  # an entity's most frequent surfaces tried for a surer Latin name


def _variant(name: str, other: str) -> bool:
    """Is `other` a spelling of the same name as `name`: is each word of the shorter of the
    two among the other's words, or alike one of them (`_alike`: «بوتين» in «فلاديمير بوتين»,
    «ترمب» like «ترامب», «رامون فيلاسكيز» in «رامون سلستینو ولاسکز»)? An entity that linking merged wrongly holds other names too
    («محمد بن سلمان» beside «اسماعيل», «خبرگزاری فارس» beside «خبرگزاری فرانسه»): the surer
    Latin name of one of those would name the entity after someone else."""
    a = [k for w in _words(name) if (k := token_key(w))]
    b = [k for w in _words(other) if (k := token_key(w))]
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    # word by word: a head both share would make two names alike as wholes
    return all(any(x == y or _alike(x, y) for y in long) for x in short)


def _alike(a: str, b: str) -> bool:
    """Two word keys spelt alike: the same number in a model code (إيل-76, Il-76); or, both of
    VARIANT_LETTERS letters or more, alike letter for letter (`keys.similarity` >=
    VARIANT_SIMILARITY: اليوشين, اليوشن); or skeletons of VARIANT_LETTERS consonant classes
    or more alike (`skeleton_similarity` >= VARIANT_SIMILARITY: ولاسكز, فيلاسكيز). Shorter
    skeletons collide: زايدي and سعود are both "SD"."""
    da, db = ascii_digits(re.sub(r"\D", "", a)), ascii_digits(re.sub(r"\D", "", b))
    if da or db:
        return da == db
    if min(len(a), len(b)) >= VARIANT_LETTERS and similarity(a, b) >= VARIANT_SIMILARITY:
        return True
    return (
        min(len(skeleton(a)), len(skeleton(b))) >= VARIANT_LETTERS
        and skeleton_similarity(a, b) >= VARIANT_SIMILARITY
    )


VARIANT_SIMILARITY = 0.85  # as people.py keeps a whole name whose label spells it
VARIANT_LETTERS = 4


def _lexicon_name(name: str) -> str | None:
    """The English name the gloss lexicon gives the whole name, if it is a name there
    (capitalised): the pack's hand-written news words (الفيفا FIFA, سپاه IRGC, الشرق الأوسط
    "Middle East"), or CLDR's for a name of several words (الأمم المتحدة "United Nations"; its
    one-word entries are languages and territories: العربية is "Arabic" there, and the Al
    Arabiya channel in the news)."""
    from rashomon.cleaning.normalize import matching_key

    # its words as `_words` reads them, and with the parts a ZWNJ joins kept as one word
    # («بین‌المللی»), as the lexicon may hold them
    for words in dict.fromkeys((tuple(_words(name)), tuple(name.split()))):
        english = _lexicon_words([matching_key(w) for w in words], name)
        if english:
            return english
    return None


def _lexicon_words(words: list[str], name: str) -> str | None:
    """The capitalised English of the matching keys `words` of `name` as one entry of a
    lexicon `_lexicons(name)` lists, or None."""
    if not words:
        return None
    for lex in _lexicons(name):
        if len(words) > 1:
            n, entry = lex.phrase(words)
            if n != len(words):
                continue
        else:
            entry = lex.own(words[0])
            if entry is not None and entry.origin != "core":
                continue
        if entry is None or entry.common:
            continue
        english = entry.english.removeprefix("the ")
        if english[:1].isupper():
            return english
    return None


def _lexicons(text: str) -> list:
    """The gloss lexicons to read an Arabic-script name in: its language's as the letters tell
    it, then the other's (a Persian name without a Persian letter, «مازندران», «سازمان ملل»,
    or written with Arabic ي and ك, as Persian news often do, reads as Arabic)."""
    from rashomon.entities.doc import guess_language
    from rashomon.gloss.lexicon import lexicon

    first = guess_language(text, None)
    langs = [first] + [x for x in ("ar", "fa") if x != first and first in ("ar", "fa")]
    return [lex for lang in langs if (lex := lexicon(lang)) is not None]


def _from_arabic(name: str) -> LatinName | None:
    if not ARABIC_SCRIPT.search(name):
        return None
    english = _lexicon_name(name)
    if english:
        return _made(english, "lookup")
    found = lookup(name)
    if found:
        return found
    words = _words(name)
    if len(words) != 1:
        return None
    acronym = _acronym(words, 0)
    if acronym:
        return _made(acronym[0], "lookup")
    for variant in (name, name.translate(_PERSIAN_TO_ARABIC)):
        spelt = _name_word(variant, people.region_of(name))
        if spelt:
            return _made(spelt, "lookup")
    guess = _coded(name) or _guess(name)
    return _made(*guess) if guess else None
