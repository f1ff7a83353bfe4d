"""Linking over a real store, on small hand-written articles in three scripts (not seed text)."""

import json

from rashomon.config import Config
from rashomon.entities.detect import DetectMentions
from rashomon.entities.link import LinkEntities
from rashomon.language.segment import Segment
from rashomon.pipeline.base import run_stages
from rashomon.record import Article
from rashomon.store.sqlite import Store

AR = (
    "قالت المستشارة الألمانية أنجيلا ميركل في برلين إن روسيا مهمة. "
    "وأضافت ميركل أن موسكو تدعم الحل. والتقى الوفد مع كوزنتسوفيتش في موسكو."
)
FA = "آنگلا مرکل، صدراعظم آلمان، در برلین گفت که روسیه مهم است. کوزنتسوفیتش در مسکو بود."
EN = "German Chancellor Angela Merkel said in Berlin that Russia matters. Merkel met Putin."


def _store(tmp_path, texts, name="d.sqlite"):
    arts = [Article.from_raw(t, f"{lang}.txt", text=t, language=lang) for lang, t in texts]
    arts = list(run_stages([Segment(), DetectMentions()], arts))
    store = Store(tmp_path / name, write=True)
    for a in arts:
        store.upsert_article(a)
    LinkEntities().update(store, [a.id for a in arts], Config())
    return store


def _entity_of(store, text):
    rows = store.rows("SELECT entity FROM mentions WHERE text = ?", (text,))
    assert rows, f"no mention {text!r}"
    return rows[0]["entity"]


def test_one_person_across_three_scripts(tmp_path):
    store = _store(tmp_path, [("ar", AR), ("fa", FA), ("en", EN)])
    ids = {_entity_of(store, t) for t in ("أنجيلا ميركل", "ميركل", "آنگلا مرکل", "Angela Merkel")}
    assert len(ids) == 1
    (ent,) = store.rows("SELECT * FROM entities WHERE id = ?", (ids.pop(),))
    assert ent["type"] == "person"
    assert ent["latin"] == "Angela Merkel"  # from the English article, not transliterated
    assert json.loads(ent["extras"])["latin_source"] == "text"


def test_places_linked_distinct_and_related(tmp_path):
    store = _store(tmp_path, [("ar", AR), ("fa", FA), ("en", EN)])
    russia = {_entity_of(store, t) for t in ("روسيا", "روسیه", "Russia")}
    moscow = {_entity_of(store, t) for t in ("موسكو", "مسکو")}
    assert len(russia) == 1 and len(moscow) == 1 and russia != moscow
    rel = store.rows(
        "SELECT kind FROM entity_relations WHERE a = ? AND b = ?", (moscow.pop(), russia.pop())
    )
    assert {"capital_of", "located_in"} <= {r["kind"] for r in rel}
    (ent,) = store.rows("SELECT latin FROM entities WHERE id = ?", (_entity_of(store, "مسکو"),))
    assert ent["latin"] == "Moscow"


def test_rare_name_recurring_across_arabic_and_persian_is_linked(tmp_path):
    store = _store(tmp_path, [("ar", AR), ("fa", FA)])
    assert _entity_of(store, "كوزنتسوفيتش") == _entity_of(store, "کوزنتسوفیتش")


def test_ids_stable_and_incremental_equals_full(tmp_path):
    full = _store(tmp_path, [("ar", AR), ("fa", FA), ("en", EN)], "full.sqlite")
    inc = _store(tmp_path, [("ar", AR), ("fa", FA)], "inc.sqlite")
    a = Article.from_raw(EN, "en.txt", text=EN, language="en")
    (a,) = run_stages([Segment(), DetectMentions()], [a])
    inc.upsert_article(a)
    LinkEntities().update(inc, [a.id], Config())

    def snapshot(s):
        return (
            s.rows("SELECT id, name, type, latin FROM entities ORDER BY id"),
            s.rows('SELECT article, start, "end", entity FROM mentions ORDER BY article, start'),
        )

    assert snapshot(full) == snapshot(inc)
    LinkEntities().update(inc, [], Config())  # a rerun changes nothing
    assert snapshot(full) == snapshot(inc)
