"""Seats of government (facility) and capitals standing for their state (entities.metonym),
on small hand-written articles (not seed text)."""

import json

from rashomon.config import Config
from rashomon.entities.detect import DetectMentions
from rashomon.entities.gazetteer import load
from rashomon.entities.link import LinkEntities
from rashomon.language.segment import Segment
from rashomon.pipeline.base import run_stages
from rashomon.record import Article
from rashomon.store.sqlite import Store

EN = (
    "The White House said on Tuesday that talks with France would go on. "
    "Paris warned that the Élysée would not wait. Lyon is a city in France."
)
AR = "وقالت باريس إن فرنسا لن تنتظر. وأكد البيت الأبيض أن الولايات المتحدة مستعدة."
FA = "کاخ سفید اعلام کرد که آمریکا آماده است. پاریس در فرانسه است."
EN2 = "The Kremlin denied the report. Russia and Moscow were not named. Tokyo is far from Moscow."


def _articles(texts):
    arts = [
        Article.from_raw(t, f"{lang}{i}.txt", text=t, language=lang)
        for i, (lang, t) in enumerate(texts)
    ]
    return list(run_stages([Segment(), DetectMentions()], arts))


def _link(path, arts, one_by_one=False):
    store = Store(path, write=True)
    for a in arts:
        store.upsert_article(a)
        if one_by_one:
            LinkEntities().update(store, [a.id], Config())
    if not one_by_one:
        LinkEntities().update(store, [a.id for a in arts], Config())
    return store


def _entity(store, text):
    rows = store.rows(
        "SELECT e.* FROM mentions m JOIN entities e ON e.id = m.entity WHERE m.text = ?", (text,)
    )
    assert rows, f"no linked mention {text!r}"
    return rows[0]


def _relations(store, kind):
    rows = store.rows(
        "SELECT ea.latin AS a, eb.latin AS b FROM entity_relations r JOIN entities ea ON ea.id = r.a"
        " JOIN entities eb ON eb.id = r.b WHERE r.kind = ?",
        (kind,),
    )
    return {(r["a"], r["b"]) for r in rows}


def test_seats_come_from_the_language_packs_as_facilities():
    gaz = load()
    for key in ("kremlin", "white house"):
        eid = gaz.best(key)
        assert gaz.type_of(eid) == "facility"
        assert gaz.entries[gaz.stands_for(eid)]["kind"] == "country"
    # a capital stands for its state; an ordinary place does not
    assert gaz.stands_for(gaz.best("paris")) == gaz.best("france")
    assert gaz.stands_for(gaz.best("lyon")) is None


def test_seats_are_facilities_in_three_scripts_and_one_entity(tmp_path):
    store = _link(tmp_path / "d.sqlite", _articles([("en", EN), ("ar", AR), ("fa", FA)]))
    ids = {_entity(store, t)["id"] for t in ("White House", "البيت الأبيض", "کاخ سفید")}
    assert len(ids) == 1
    ent = _entity(store, "White House")
    assert ent["type"] == "facility" and ent["latin"] == "White House"
    assert json.loads(ent["extras"])["latin_source"] == "gazetteer"
    assert _entity(store, "Élysée")["type"] == "facility"


def test_a_capital_that_acts_stands_for_its_state(tmp_path):
    store = _link(tmp_path / "d.sqlite", _articles([("en", EN), ("ar", AR), ("fa", FA)]))
    stands = _relations(store, "stands_for")
    assert ("Paris", "France") in stands  # "Paris warned", «وقالت باريس»
    assert ("White House", "United States") in stands  # a seat always does
    assert not any(a == "Lyon" for a, _ in stands)  # a place that does not act


def test_a_capital_that_does_not_act_stands_for_nothing(tmp_path):
    store = _link(tmp_path / "d.sqlite", _articles([("en", EN2)]))
    stands = _relations(store, "stands_for")
    assert ("Kremlin", "Russia") in stands
    assert not any(a in ("Moscow", "Tokyo") for a, _ in stands)


def _snapshot(s):
    return (
        s.rows("SELECT id, name, type, latin, extras FROM entities ORDER BY id"),
        s.rows("SELECT a, b, kind, weight FROM entity_relations ORDER BY a, b, kind"),
    )


def test_adding_articles_one_by_one_gives_the_same_relations(tmp_path):
    arts = _articles([("fa", FA), ("en", EN2), ("ar", AR), ("en", EN)])
    expected = _snapshot(_link(tmp_path / "full.sqlite", arts))
    for k, order in enumerate((arts, arts[::-1])):
        assert _snapshot(_link(tmp_path / f"inc{k}.sqlite", order, one_by_one=True)) == expected
