"""The structured English rendering: exact glosses of the synthetic dossier's statements,
labels and explanations, the lexicon's affix stripping, sound-alike Latin names, and the
dossier's schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.dossier import validate_dossier
from rashomon.gloss.apply import Glosser
from rashomon.gloss.lexicon import lexicon
from rashomon.gloss.names import name_matches, skeleton
from rashomon.gloss.render import FSI, PDI
from tests.report.synthetic import synthetic_dossier


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict[str, str]]:
    return synthetic_dossier(tmp_path_factory.mktemp("gloss"))


def _glosses(d: dict) -> dict[str, dict]:
    return {s["text"]: s["gloss"] for c in d["claims"] for s in c["statements"]}


def test_statements_render_entities_quantities_dates_and_the_outlet(dossier):
    g = _glosses(dossier[0])
    ar = g["سد النور سينتج 800 ميغاواط عند افتتاحه في عام 2027"]
    # the outlet's words are all in the lexicon: glossed and capitalised as a name
    assert ar["text"] == "Karim Haddad says Al-Noor dam … 800 MW at … in year 2027 [Homeland Today]"
    assert ar["method"] == "structured"
    assert {"entity", "quantity", "date", "attribution", "outlet"} <= set(ar["parts"])
    assert ar["words"] == {"total": 10, "glossed": 8}
    # Persian: digits of the date and quantity are resolved values, the outlet stays isolated
    fa = g["سد النور هنگام افتتاح در سال ۲۰۲۷ ظرفیت ۸۰۰ مگاوات خواهد داشت"]
    assert fa["text"].startswith(
        "Karim Haddad says Al-Noor dam … opening in year 2027 capacity 800 MW"
    )


def test_negative_statement_is_framed_not(dossier):
    g = _glosses(dossier[0])["أن يكون سد النور سيفتتح في عام 2027"]
    assert g["text"] == f"— NOT — that is Al-Noor dam … in year 2027 [{FSI}صحيفة الرافدين{PDI}]"
    assert "polarity" in g["parts"]


def test_english_text_is_its_own_rendering(dossier):
    g = _glosses(dossier[0])["the Al-Noor dam will produce 500 megawatts when it opens in 2027"]
    assert g == {
        "text": "the Al-Noor dam will produce 500 megawatts when it opens in 2027",
        "method": "original",
        "parts": [],
        "words": {"total": 0, "glossed": 0},
    }


def test_titles_gloss_cues_and_entity_names(dossier):
    titles = {a["title"]: a.get("title_gloss", {}).get("text") for a in dossier[0]["articles"]}
    assert titles["الطاقة تنفي موعد افتتاح سد النور"] == "energy DENIES date … Al-Noor dam"
    assert titles["سد النور در سال ۲۰۲۷ افتتاح می‌شود"] == "Al-Noor dam in year 2027 opening is"


def test_every_claim_statement_and_discrepancy_has_a_gloss_and_the_schema_holds(dossier):
    d = dossier[0]
    assert all("gloss" in c for c in d["claims"])
    assert all("gloss" in s for c in d["claims"] for s in c["statements"])
    assert all(x["gloss"]["text"] for x in d["discrepancies"])
    validate_dossier(d)


def test_explanation_quotes_become_their_statements_glosses():
    statement = {
        "id": "s1",
        "article": "a1",
        "start": 0,
        "end": 19,
        "text": "لم تطلب فنزويلا دعما",
        "attribution": [],
        "polarity": "negative",
        "hedged": False,
        "hedges": [],
        "quantities": [],
        "dates": [],
    }
    statement["end"] = len(statement["text"])
    ents = [
        {
            "id": "e1",
            "name": "فنزويلا",
            "latin": "Venezuela",
            "mentions": [{"article": "a1", "start": 8, "end": 15, "text": "فنزويلا"}],
        }
    ]
    g = Glosser(ents, {"a1": {"language": "ar", "outlet": "الشرق"}})
    d = {"statements": [statement], "explanation": "الشرق says «لم تطلب فنزويلا…» (negation: لم)"}
    assert g.explanation(d).text == ("East says «NOT request Venezuela support» (negation: not)")


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("العسكرية", "military"),
        ("والعسكرية", "military"),
        ("للمساعدات", "to the aid"),
        ("دعما", "support"),
        ("فنزويلا", "Venezuela"),
        ("ونزوئلا", None),
    ],
)
def test_arabic_lexicon_strips_clitics_and_suffixes(word, english):
    from rashomon.cleaning.normalize import matching_key

    hit = lexicon("ar").lookup(matching_key(word))
    assert (hit.english if hit else None) == english


@pytest.mark.parametrize(
    ("word", "english"),
    # Persian affixes hold ی, which the matching key folds to ي: they are stripped all the same
    [("کتاب‌های", "book"), ("می‌کنند", "do"), ("شهرهای", "city"), ("را", "")],
)
def test_persian_lexicon_strips_folded_affixes(word, english):
    from rashomon.cleaning.normalize import matching_key

    hit = lexicon("fa").lookup(matching_key(word))
    assert hit is not None and hit.english == english


def test_a_particle_with_no_english_word_renders_as_nothing():
    from rashomon.gloss.render import Renderer

    g = Renderer([]).words("کتاب را خواند", 0, "fa", [])
    assert "…" not in g.text.split()[:1] and g.text.startswith("book")
    assert g.glossed >= 2 and "  " not in g.text


def test_an_outlet_partly_glossed_stays_in_its_script():
    g = Glosser([], {"a1": {"language": "fa", "outlet": "دویچه وله"}})
    assert g.outlet("a1") == f"{FSI}دویچه وله{PDI}"


def test_persian_lexicon_has_cldr_names():
    from rashomon.cleaning.normalize import matching_key

    assert lexicon("fa").lookup(matching_key("ونزوئلا")).english == "Venezuela"
    assert lexicon("fa").lookup(matching_key("ونزوئلا")).origin == "cldr"


@pytest.mark.parametrize(
    ("query", "latin"),
    [
        ("Maduro", "Madoro"),
        ("Putin", "Vladimir Botin"),
        ("Washington", "Washntn Bost"),
        ("Peskov", "Dimtri Biskov"),
        ("lavrov", "Lavrov"),
    ],
)
def test_sound_alike_latin_names_match(query, latin):
    assert name_matches(query, latin)


def test_short_or_different_names_do_not_match():
    assert not name_matches("Mao", "Madoro")  # two consonants: too short to compare
    assert not name_matches("Medvedev", "Madoro")
    assert skeleton("Washington") == skeleton("Washntn") == "sntn"


def test_cldr_file_is_what_the_build_script_writes(tmp_path: Path):
    """The shipped CLDR part of the lexicon is reproducible from babel."""
    import importlib.util

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("bgl", root / "scripts/build_gloss_lexicon.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.DATA = tmp_path
    mod.main()
    shipped = (root / "src/rashomon/gloss/data/cldr.tsv").read_text("utf-8")
    assert (tmp_path / "cldr.tsv").read_text("utf-8") == shipped


@pytest.mark.parametrize(
    ("text", "language", "english"),
    [
        # a relational adjective (nisba) after its noun comes first, a run of them reversed
        ("المساعدات العسكرية الأمريكية", "ar", "American military aid"),
        ("کمک نظامی به ونزوئلا", "fa", "military aid to Venezuela"),
        # a preposition glued to the noun stays in front of its adjectives
        ("للحكومة الأمريكية", "ar", "to the American government"),
        # a Persian noun ending in ی is no adjective: the order stays
        ("زندگی اجتماعی", "fa", "social life"),
        ("آزادی مردم", "fa", "freedom people"),
    ],
)
def test_adjectives_come_before_their_noun(text, language, english):
    from rashomon.gloss.render import Renderer

    assert Renderer([]).words(text, 0, language, []).text == english


def test_remembered_glosses_are_rendered_once_and_given_back_alike(monkeypatch):
    """`remember`: the report's second pass over the statements dossier.json glossed reuses
    their glosses (the same English line; a copy each time), and only for the articles kept."""
    from rashomon.gloss.render import Renderer

    def span(article: str, text: str) -> dict:
        return {"article": article, "start": 0, "end": len(text), "text": text,
                "attribution": [], "polarity": "negative", "hedged": False,
                "quantities": [], "dates": []}  # fmt: skip

    heads = {a: {"language": "ar", "outlet": "الشرق"} for a in ("a1", "a2")}
    s1, s2 = span("a1", "لم تطلب فنزويلا دعما عسكريا"), span("a2", "طلبت فنزويلا دعما")
    fresh = [Glosser([], heads).statement(s).to_dict() for s in (s1, s2)]
    calls: list[str] = []
    words = Renderer.words

    def counted(self, text, *args):
        calls.append(text)
        return words(self, text, *args)

    monkeypatch.setattr(Renderer, "words", counted)
    g = Glosser([], heads)
    g.remember({"a1"})
    first = [g.statement(s).to_dict() for s in (s1, s2)]
    again = g.statement(s1)
    again.parts.append("changed by a caller")
    second = [g.statement(s).to_dict() for s in (s1, s2)]
    assert first == second == fresh
    assert calls.count(s1["text"]) == 1  # kept: rendered once
    assert calls.count(s2["text"]) == 2  # not kept: rendered each time


def test_a_word_that_folds_to_a_name_stays_the_word():
    """Regression: «على» ("on") folds to the key of the name «علي» (Ali); outside a mention, a
    word of the lexicon written otherwise than every mention of the name is the word."""
    from rashomon.gloss.render import Renderer

    ents = [
        {
            "name": "علي",
            "latin": "Ali",
            "mentions": [{"article": "a", "start": 0, "end": 3, "text": "علي"}],
        }
    ]
    r = Renderer(ents)
    assert r.words("جلس على الكرسي", 0, "ar", []).text.split()[1] == "on"
    assert "Ali" in r.words("قال علي", 0, "ar", []).text.split()  # written as the mention
    assert "on" in Renderer([]).words("جلس على", 0, "ar", []).text.split()
