"""The trained Arabic and Persian taggers: quality floors on a slice of the development splits
(the full figures: `python eval/ner.py`), and the pieces they are built from."""

import importlib.util
import sys
from pathlib import Path

import pytest

from rashomon.entities import names, tagdata, tagger
from rashomon.entities.tagdata import Sentence

ROOT = Path(__file__).resolve().parents[2]


def _eval_ner():
    spec = importlib.util.spec_from_file_location("eval_ner", ROOT / "eval/ner.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["eval_ner"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_models_ship_small_with_their_licence():
    for lang in tagger.LANGS:
        path = tagger.model_path(lang)
        assert path.exists() and path.stat().st_size < 4_000_000
    note = (tagger.DATA / "NER-LICENSE.md").read_text("utf-8")
    assert "free for research" in note and "academic research use only" in note


def test_conll_sentence_becomes_text_and_character_spans(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("روزنامه B-pro\nکیهان I-pro\nنوشت O\n\nعلی B-pers\n", "utf-8")
    s1, s2 = tagdata.read(p)
    assert s1.text == "روزنامه کیهان نوشت"
    assert s1.spans == [(0, 13, "outlet")]  # a product headed by an outlet noun
    assert s2.spans == [(0, 3, "person")]


def test_bio_labels_follow_character_spans():
    s = Sentence("a bb cc d", [(2, 7, "person")])
    assert tagdata.bio_labels([(0, 1), (2, 4), (5, 7), (8, 9)], s.spans) == [
        "O",
        "B-person",
        "I-person",
        "O",
    ]
    assert tagger.spans(["O", "I-place", "I-place", "B-person"]) == [
        (1, 3, "place"),
        (3, 4, "person"),
    ]


def test_a_span_is_cut_at_punctuation_but_not_at_an_abbreviation_dot():
    doc = tagdata.sentence_doc("قال محمود عباس ( ابومازن ) وبي. بي. سي اليوم", "ar")
    found = [(1, 4, "person"), (4, 7, "organisation")]
    assert tagger._split_at_punctuation(doc, found) == [
        (1, 3, "person"),
        (3, 4, "person"),
        (4, 7, "organisation"),
    ]


def test_anetac_lookup_has_names_and_classes():
    hit = names.lookup(names._key("بوتين"))
    assert hit == ("Putin", "person")


@pytest.mark.parametrize(("lang", "floor"), [("ar", 0.6), ("fa", 0.5)])
def test_tagger_beats_the_rules_on_a_dev_slice(shared_data, lang, floor):
    ev = _eval_ner()
    res = ev.evaluate(shared_data / "ner", (lang,), limit=150, baseline=True)[lang]
    tagged, ruled = res["tagger"]["exact"]["all"]["f1"], res["rules"]["exact"]["all"]["f1"]
    assert tagged >= floor
    assert tagged >= ruled + 0.15


@pytest.mark.parametrize(
    ("lang", "f1", "person_recall"), [("ar", 0.745, 0.80), ("fa", 0.636, 0.84)]
)
def test_tagger_floors_on_the_whole_dev_split(shared_data, lang, f1, person_recall):
    # issue 13: 0.679 / 0.578 before; 0.687 / 0.580 (person recall 0.675 / 0.715) with a city
    # the tagger calls an organisation kept one and the tagger's one-word cue names kept;
    # Arabic 0.705 (person recall 0.705) with the news lexicon (tagger.autolex); 0.715 / 0.597
    # (person recall 0.729 / 0.747) with the neural tagger mixed in (entities.neural); 0.740 /
    # 0.633 (person recall 0.807 / 0.829) with e5's token states read (neural.context); 0.749 /
    # 0.640 (person recall 0.818 / 0.854) with three draws of that model averaged, no CRF
    assert tagger.context_enabled()  # the test install has the `fast` extra
    res = _eval_ner().evaluate(shared_data / "ner", (lang,), baseline=False)[lang]
    exact = res["tagger"]["exact"]
    assert exact["all"]["f1"] >= f1
    assert exact["person"]["recall"] >= person_recall


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "f1", "person_recall"), [("ar", 0.714, 0.72), ("fa", 0.596, 0.74)]
)
def test_plain_tagger_floors_on_the_whole_dev_split(
    shared_data, lang, f1, person_recall, monkeypatch
):
    # `RASHOMON_NER_CONTEXT=off`, or no ONNX Runtime: the neural model without e5's states
    # (0.719 / 0.597, person recall 0.745 / 0.747)
    monkeypatch.setenv(tagger.CONTEXT_ENV, "off")
    res = _eval_ner().evaluate(shared_data / "ner", (lang,), baseline=False)[lang]
    exact = res["tagger"]["exact"]
    assert exact["all"]["f1"] >= f1
    assert exact["person"]["recall"] >= person_recall


@pytest.mark.slow
def test_latin_names_beat_the_table_alone(shared_data):
    anetac = shared_data / "anetac/en-ar-named-entities.txt"
    if not anetac.exists():
        pytest.skip("ANETAC not found")
    res = _eval_ner().score_latin(anetac)
    held, gaz = res["anetac"], res["gazetteer"]
    assert held["names"] > 1000 and gaz["names"] > 1000
    assert held["attested_exact"] >= 0.27 > 0.2 > held["table_exact"] - 0.05
    # the trained reranker (issue 13): 0.3375 on held-out ANETAC names over the letter
    # transducer's candidates; with the neural transliterator (opt-in) 0.369
    assert held["linear_exact"] >= 0.33 and held["linear_exact"] > held["attested_exact"]
    assert held["reranked_exact"] >= 0.36 and held["reranked_exact"] > held["linear_exact"]
    # on the gazetteer's fold-1 names (established English spellings, none trained on): 0.267
    # linear (0.157 while the reranker weighed the lookup's spellings), the table alone 0.072
    assert gaz["linear_exact"] >= 0.25 > 0.1 > gaz["table_exact"]
    # Arab and Iranian name words (the people table's fold 1, the reranker fitted on fold 0):
    # 0.155 before the reranker saw fold 0, 0.170 after
    assert res["people_fold1"]["names"] > 1000
    assert res["people_fold1"]["linear_exact"] >= 0.16 > 0.1 > res["people_fold1"]["table_exact"]
    # the people table (Wikidata's spellings) holds few of ANETAC's mostly Western names (38);
    # on those its spelling is ANETAC's 0.316 of the time, the transliteration's 0.289
    ppl = res["people"]
    assert ppl["names"] >= 30 and ppl["people_exact"] >= 0.28
    # the news table (JRC-Names' spellings) holds 278 of them: its spelling 0.651, the
    # transliteration's 0.565
    news = res["news"]
    assert news["names"] >= 250 and news["news_exact"] >= 0.62 > news["linear_exact"]


def test_latin_name_sources_in_order():
    from collections import Counter

    from rashomon.entities.latin import latin_name

    assert latin_name("روسيا", "Russia", Counter({"Russland": 1})).source == "gazetteer"
    assert latin_name("بوتين", None, Counter({"Putin": 2})).source == "text"
    found = latin_name("بوتين", None, Counter())
    assert (found.text, found.source) == ("Putin", "lookup")
    guess = latin_name("زخرفوبيلا", None, Counter())
    assert guess.guessed and guess.confidence < 0.5


def test_word_classes_ship_small_and_feed_the_tagger():
    for lang in tagger.LANGS:
        path = tagger.DATA / f"clusters-{lang}.tsv.gz"
        assert path.exists() and path.stat().st_size < 2_000_000
        table = tagger.clusters(lang)
        assert len(table) > 10_000
        assert all(len(v) == 3 for v in list(table.values())[:100])
    text = "قال الرئيس محمد عباس في القاهرة"
    doc = tagdata.sentence_doc(text, "ar")
    feats = tagger.features(doc)
    assert any(f.startswith("c2=") for f in feats[2])  # محمد: a frequent word has classes
    assert any(f.startswith("-1:c0=") for f in feats[3])  # and its neighbour sees them


def test_eval_counts_errors_by_kind():
    ev = _eval_ner()
    gold = [[(0, 5, "person"), (10, 15, "place"), (20, 25, "organisation"), (30, 35, "person")]]
    system = [[(0, 5, "person"), (10, 15, "organisation"), (20, 23, "organisation"), (40, 45, "x")]]
    assert ev.errors(gold, system) == {"missed": 1, "boundary": 1, "type": 1, "spurious": 1}


def test_news_lexicon_ships_small_and_feeds_the_tagger():
    # issue 13: what a first-pass tagger made of each word across the unlabelled news
    # (Arabic only: Persian's did not raise dev F1, scripts/train_ner.py LEXICON_LANGS)
    assert not tagger.autolex_path("fa").exists()
    for lang in ("ar",):
        path = tagger.autolex_path(lang)
        assert path.exists() and path.stat().st_size < 1_000_000
        lexicon = tagger.autolex(lang)
        assert len(lexicon) > 5_000
        assert set(lexicon.values()) <= {"O"} | {
            f"{t}:{b}" for t in {*tagdata._TAGS.values(), "outlet"} for b in ("hi", "mid", "lo")
        }
    doc = tagdata.sentence_doc("قال الرئيس بوتين في موسكو", "ar")
    feats = tagger.features(doc)
    assert "auto=person:hi" in feats[2]  # بوتين: a person across the news
    assert "-1:auto=person:hi" in feats[3]  # and its neighbour sees it
    assert "auto=O" in feats[0]  # قال: never inside a name


def test_a_country_the_tagger_calls_an_organisation_stays_a_place_unless_switched(monkeypatch):
    # ArmanPersoNER tags a country that acts an organisation; the project keeps one place entity
    # per country (eval/ner.py's `countries` column measures the other convention)
    from rashomon.entities import detect, rules

    doc = tagdata.sentence_doc("همکاری‌های ایران و روسیه گسترش یافت .", "fa")
    entries = [c.rule[10:] for c in rules.gazetteer(doc)]
    country = next(e for e in entries if doc.gaz.entries[e]["kind"] == "country")
    assert detect.gazetteer_type(doc, country, "organisation") == "place"
    monkeypatch.setattr(detect, "COUNTRY_PLACE", False)
    assert detect.gazetteer_type(doc, country, "organisation") == "organisation"
    assert detect.gazetteer_type(doc, country, "person") == "person"
