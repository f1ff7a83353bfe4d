"""Quality floors (STYLE point 13): the entities eval on its hand-annotated gold set, and the
issue's done-when on the sample articles. Raise a floor when the score rises; never lower it
silently. Scores when set (eval/entities.py): lenient F1 0.745, untyped F1 0.875, linking
P 1.000 R 0.545, transliteration char similarity 0.745; seeds found 1.000, linked 1.000.
With the trained Arabic/Persian tagger (issue 13): lenient F1 0.759, untyped 0.884, place 0.902,
linking P 1.000 R 0.364 (LOWERED from 0.545: the tagger misses some repeated Persian names the
rules found, اوباما; see eval/ner.py for the tagger's much higher dev-split scores).
Restored (issue 13, names): the tagger's finds spread to their other occurrences and a
person's last name alone (entities.batch), the packs' place aliases (Persian «آمریکا» is the
United States): linking P 1.000 R 0.584 (cross-script 0.583), lenient F1 0.814, place 0.940.
Issue 13, entities a reader can trust (the tagger's one-word cue names kept): lenient F1 0.825,
untyped 0.933, strict 0.750; place and linking unchanged. With the neural tagger (issue 13, 7
December): lenient F1 0.836, untyped 0.934, person lenient 0.957, place 0.943, linking P 1.000 R
0.766 (cross-script 0.778)."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_entities", ROOT / "eval/entities.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["eval_entities"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_entities_eval_floors(shared_data):
    ev = _eval_module()
    anetac = shared_data / "anetac/en-ar-named-entities.txt"
    res = ev.evaluate(ev.GOLD, shared_data / "corpus", anetac if anetac.exists() else None)
    m = res["mentions"]
    assert m["lenient"]["all"]["f1"] >= 0.83
    assert m["untyped"]["all"]["f1"] >= 0.92
    assert m["lenient"]["place"]["f1"] >= 0.90
    assert m["lenient"]["person"]["f1"] >= 0.9
    assert res["linking"]["all"]["precision"] >= 0.95
    assert res["linking"]["all"]["recall"] >= 0.75
    assert res["linking"]["cross-script"]["recall"] >= 0.75
    if anetac.exists():
        assert res["transliteration"]["char_similarity"] >= 0.72


def test_seeds_done_when(seeds_dossier):
    ev = _eval_module()
    res = ev.evaluate_seeds(seeds_dossier)
    assert res["found"] >= 0.95, res["missing"]
    assert res["found_with_type"] >= 0.93
    assert res["linked_as_one"] >= 0.95, res["split"]


def test_gold_offsets_point_at_their_text(shared_data):
    ev = _eval_module()
    import json

    gold = json.loads(ev.GOLD.read_text("utf-8"))
    arts = ev.load_articles(gold, shared_data / "corpus")
    for g, a in zip(gold, arts, strict=True):
        for m in g["mentions"]:
            assert a.text[m["start"] : m["end"]] == m["text"]


@pytest.mark.parametrize("missing", ["nope.json"])
def test_eval_names_a_missing_gold_file(missing, tmp_path):
    ev = _eval_module()
    with pytest.raises(FileNotFoundError):
        ev.evaluate(tmp_path / missing, tmp_path, None)
