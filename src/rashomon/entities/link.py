"""Linking: the `LinkEntities` corpus step groups mentions into entities across articles and
scripts, names them, and relates them.

Mentions that are not yet linked (those of the articles new in this run, or re-processed) are
grouped in this order:

1. a gazetteer place: one entity per gazetteer entry (Moscow and Russia stay distinct);
2. the same key (clitics stripped, script-folded: Persian پوتین = Arabic بوتين);
3. a person's last name alone joins the one full name of the batch that ends with it;
4. the same name in another script or spelling: consonant skeletons (keys.skeleton: Lavrov ~
   لافروف ~ لاوروف) at least `FUZZY` similar, for compatible types only (a person never merges
   with a place); an unknown word that sounds like a known place joins the place (كراكاس).

Groups then join an existing entity when they share a gazetteer entry, a key or (fuzzily) a
skeleton with it, so new articles' mentions join the entities of earlier runs. An entity's id
is a hash of its first anchor (gazetteer id or key), so it is stable across runs and rebuilds.
The Latin-script name comes from the gazetteer (CLDR/GeoNames English name), else from a Latin
mention in the batch (an English article, or a Latin name inside Arabic text), else from the
transliteration model (`extras.latin_source` says which).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rashomon.entities import translit
from rashomon.entities.gazetteer import load
from rashomon.entities.keys import ARABIC_SCRIPT, LATIN, similarity, skeletons
from rashomon.pipeline.base import CorpusStep

if TYPE_CHECKING:
    from rashomon.config import Config
    from rashomon.store.sqlite import Store

log = logging.getLogger(__name__)

FUZZY = 0.85  # skeleton similarity to merge two spellings (1 edit in 7 consonant classes)
MIN_SKELETON = 3  # shorter skeletons (2 consonants) match too much to be merged fuzzily
COOCCUR_WINDOW = 300  # characters: entities this close in one article co-occur
COMPATIBLE = {
    "person": {"person", "other"},
    "place": {"place", "other"},
    "organisation": {"organisation", "outlet", "other"},
    "outlet": {"outlet", "organisation", "other"},
    "equipment": {"equipment", "other"},
    "event": {"event", "other"},
    "other": {"person", "place", "organisation", "outlet", "equipment", "event", "other"},
}


@dataclass
class Group:
    anchor: str  # "gaz:<id>" or "key:<key>"
    keys: set[str] = field(default_factory=set)
    types: Counter = field(default_factory=Counter)
    surfaces: Counter = field(default_factory=Counter)
    latin: Counter = field(default_factory=Counter)
    gazetteer: str | None = None
    members: list[tuple[str, int]] = field(default_factory=list)  # (article, seq)
    entity: str | None = None  # an existing entity id it joins

    @property
    def type(self) -> str:
        if self.gazetteer:
            return "place"
        typed = Counter({t: n for t, n in self.types.items() if t != "other"})
        return (typed or self.types).most_common(1)[0][0]

    def skeletons(self) -> set[str]:
        out: set[str] = set()
        for s in self.surfaces:
            out |= {sk for sk in skeletons(s) if len(sk.replace(" ", "")) >= MIN_SKELETON}
        return out

    def absorb(self, other: Group) -> None:
        self.keys |= other.keys
        self.types.update(other.types)
        self.surfaces.update(other.surfaces)
        self.latin.update(other.latin)
        self.members += other.members
        self.gazetteer = self.gazetteer or other.gazetteer
        self.entity = self.entity or other.entity


def entity_id(anchor: str) -> str:
    return "e" + hashlib.sha256(anchor.encode("utf-8")).hexdigest()[:16]


def _compatible(a: str, b: str) -> bool:
    return b in COMPATIBLE.get(a, {b})


def _first_last(sk: str) -> str | None:
    parts = sk.split()
    return f"{parts[0]} {parts[-1]}" if len(parts) >= 2 else None


def _fuzzy(a: Group, b: Group) -> bool:
    if not _compatible(a.type, b.type) or (a.gazetteer and b.gazetteer):
        return False
    sa, sb = a.skeletons(), b.skeletons()
    if any(similarity(x, y) >= FUZZY for x in sa for y in sb):
        return True
    if a.type == "person" and b.type == "person":
        # "Ramón Celestino Velásquez" ~ "Ramón Velásquez": first and last names agree
        fa = {f for f in map(_first_last, sa) if f}
        fb = {f for f in map(_first_last, sb) if f}
        return any(similarity(x, y) >= FUZZY for x in fa for y in fb)
    return False


class LinkEntities(CorpusStep):
    name = "entities.link"

    def update(self, store: Store, new_ids: list[str], config: Config) -> None:
        rows = store.rows(
            """SELECT m.article, m.seq, m.start, m.text, m.type, m.key, m.extras
               FROM mentions m JOIN articles a ON a.id = m.article
               WHERE m.entity IS NULL ORDER BY a.seq, m.seq"""
        )
        if not rows:
            return
        groups = self._group(rows)
        existing = {r["id"]: r for r in store.rows("SELECT * FROM entities")}
        self._join_existing(groups, existing)
        with store.atomic() as c:
            for g in groups:
                eid = g.entity or entity_id(g.anchor)
                old = existing.get(eid)
                row = self._entity_row(eid, g, old)
                c.execute(
                    """INSERT INTO entities(id, name, type, latin, extras) VALUES (?,?,?,?,?)
                       ON CONFLICT(id) DO UPDATE SET name=excluded.name, type=excluded.type,
                       latin=excluded.latin, extras=excluded.extras""",
                    row,
                )
                c.executemany(
                    "UPDATE mentions SET entity = ? WHERE article = ? AND seq = ?",
                    [(eid, a, s) for a, s in g.members],
                )
            self._relations(store, c, {r["article"] for r in rows})
        log.info("entities: linked %d mentions into %d groups", len(rows), len(groups))

    # -- grouping -----------------------------------------------------------------------------
    def _group(self, rows: list[dict]) -> list[Group]:
        by_anchor: dict[str, Group] = {}
        for r in rows:
            extras = json.loads(r["extras"] or "{}")
            gaz = extras.get("gazetteer")
            anchor = f"gaz:{gaz}" if gaz else f"key:{r['key']}"
            g = by_anchor.setdefault(anchor, Group(anchor=anchor, gazetteer=gaz))
            g.keys.add(r["key"])
            g.types[r["type"]] += 1
            g.surfaces[r["text"]] += 1
            if LATIN.search(r["text"]) and not ARABIC_SCRIPT.search(r["text"]):
                g.latin[r["text"]] += 1
            g.members.append((r["article"], r["seq"]))
        groups = sorted(by_anchor.values(), key=lambda g: (-len(g.members), g.anchor))
        # Full names first (Persian and Arabic spellings of one full name become one group),
        # then last names join them, then the remaining single words across scripts.
        groups = _merge_fuzzy(groups)
        groups = _merge_surnames(groups)
        return _merge_fuzzy(groups)

    def _join_existing(self, groups: list[Group], existing: dict[str, dict]) -> None:
        if not existing:
            return
        by_gaz: dict[str, str] = {}
        by_key: dict[str, str] = {}
        olds: list[tuple[str, str, set[str]]] = []
        for eid, r in existing.items():
            ex = json.loads(r["extras"] or "{}")
            if ex.get("gazetteer"):
                by_gaz[ex["gazetteer"]] = eid
            for k in ex.get("keys", []):
                by_key.setdefault(k, eid)
            olds.append((eid, r["type"], set(ex.get("skeletons", []))))
        for g in groups:
            if g.gazetteer and g.gazetteer in by_gaz:
                g.entity = by_gaz[g.gazetteer]
                continue
            hit = next((by_key[k] for k in sorted(g.keys) if k in by_key), None)
            if hit:
                g.entity = hit
                continue
            if g.gazetteer:
                continue
            sk = g.skeletons()
            for eid, typ, osk in olds:
                if _compatible(g.type, typ) and any(
                    similarity(x, y) >= FUZZY for x in sk for y in osk
                ):
                    g.entity = eid
                    break

    def _entity_row(self, eid: str, g: Group, old: dict | None) -> tuple:
        gaz = load()
        ex = json.loads(old["extras"]) if old else {}
        keys = sorted(set(ex.get("keys", [])) | g.keys)[:100]
        sks = sorted(set(ex.get("skeletons", [])) | g.skeletons())[:100]
        types = Counter(ex.get("types", {}))
        types.update(g.types)
        # The display name: the most frequent surface, preferring full (longer) names.
        # The display name: the most frequent surface, preferring full (longer) names and,
        # among equals, the shortest spelling (without attached clitics).
        name = (
            old["name"]
            if old
            else max(
                g.surfaces.items(),
                key=lambda kv: (kv[1] * (1 + kv[0].count(" ")), -len(kv[0]), kv[0]),
            )[0]
        )
        latin, source = (
            (old["latin"], ex.get("latin_source")) if old and old["latin"] else (None, None)
        )
        if g.gazetteer:
            latin, source = gaz.entries[g.gazetteer]["latin"], "gazetteer"
        elif g.latin and source != "gazetteer":
            latin, source = g.latin.most_common(1)[0][0], "text"
        elif not latin:
            latin = translit.to_latin(name) if ARABIC_SCRIPT.search(name) else None
            source = "transliteration" if latin else None
        typ = (
            "place"
            if g.gazetteer or ex.get("gazetteer")
            else (Counter({t: n for t, n in types.items() if t != "other"}) or types).most_common(
                1
            )[0][0]
        )
        extras = {
            "keys": keys,
            "skeletons": sks,
            "types": dict(types),
            "latin_source": source,
            "gazetteer": g.gazetteer or ex.get("gazetteer"),
        }
        if extras["gazetteer"]:
            extras["kind"] = gaz.entries[extras["gazetteer"]]["kind"]
        return (eid, name, typ, latin, json.dumps(extras, ensure_ascii=False, sort_keys=True))

    # -- relations ----------------------------------------------------------------------------
    def _relations(self, store: Store, c, articles: set[str]) -> None:
        gaz = load()
        ents = store.rows("SELECT id, extras FROM entities")
        by_gaz = {}
        for r in ents:
            g = json.loads(r["extras"]).get("gazetteer")
            if g:
                by_gaz[g] = r["id"]
        for a, b, kind in gaz.relations:
            if a in by_gaz and b in by_gaz:
                c.execute(
                    "INSERT OR IGNORE INTO entity_relations(a, b, kind, weight) VALUES (?,?,?,1.0)",
                    (by_gaz[a], by_gaz[b], kind),
                )
        # Co-occurrence: entities mentioned within COOCCUR_WINDOW characters of each other,
        # counted once per article (articles are new, so adding keeps the count right).
        pairs: Counter = Counter()
        for aid in sorted(articles):
            ms = store.rows(
                "SELECT entity, start FROM mentions WHERE article = ? AND entity IS NOT NULL ORDER BY start",
                (aid,),
            )
            seen: set[tuple[str, str]] = set()
            for i, m in enumerate(ms):
                for n in ms[i + 1 :]:
                    if n["start"] - m["start"] > COOCCUR_WINDOW:
                        break
                    if n["entity"] != m["entity"]:
                        seen.add(tuple(sorted((m["entity"], n["entity"]))))
            pairs.update(seen)
        c.executemany(
            """INSERT INTO entity_relations(a, b, kind, weight) VALUES (?,?,'co-occurrence',?)
               ON CONFLICT(a, b, kind) DO UPDATE SET weight = weight + excluded.weight""",
            [(a, b, float(n)) for (a, b), n in sorted(pairs.items())],
        )


def _merge_surnames(groups: list[Group]) -> list[Group]:
    """A one-word person (or unknown) name joins the only full person name ending with it."""
    by_last: dict[str, list[Group]] = defaultdict(list)
    for g in groups:
        if g.type == "person":
            for k in g.keys:
                if " " in k:
                    by_last[k.rsplit(" ", 1)[1]].append(g)
    out = []
    for g in groups:
        if g.type in ("person", "other") and not g.gazetteer and all(" " not in k for k in g.keys):
            cands = {id(h): h for k in g.keys for h in by_last.get(k, []) if h is not g}
            if len(cands) == 1:
                next(iter(cands.values())).absorb(g)
                continue
        out.append(g)
    return out


def _merge_fuzzy(groups: list[Group]) -> list[Group]:
    """Merge spellings of one name across scripts (union-find over skeleton matches).

    Groups are blocked by the first consonant class of each skeleton, so the pairwise
    comparison stays small on large batches.
    """
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    blocks: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        for sk in g.skeletons():
            blocks[sk[:1]].append(i)
    for idx in blocks.values():
        idx = sorted(set(idx))
        for x, i in enumerate(idx):
            for j in idx[x + 1 :]:
                ri, rj = find(i), find(j)
                if ri != rj and _fuzzy(groups[ri], groups[rj]):
                    # the bigger (earlier) group stays the root: it holds the anchor
                    parent[max(ri, rj)] = min(ri, rj)
    merged: dict[int, Group] = {}
    for i, g in enumerate(groups):
        r = find(i)
        if r == i:
            merged[r] = g
    for i, g in enumerate(groups):
        r = find(i)
        if r != i:
            merged[r].absorb(g)
    return [merged[k] for k in sorted(merged)]
