"""Linking: the `LinkEntities` corpus step groups mentions into entities across articles and
scripts, names them, and relates them.

Every run first recomputes the corpus-level mentions (entities.propagate), then groups all
mentions of the store, in this order:

1. a gazetteer place: one entity per gazetteer entry (Moscow and Russia stay distinct);
2. the same key (clitics stripped, script-folded: Persian پوتین = Arabic بوتين);
3. the same name in another script or spelling: consonant skeletons (keys.skeleton: Lavrov ~
   أردوغان ~ اردوغان) at least `FUZZY` similar, for compatible types only (a person never merges
   with a place); an unknown word that sounds like a known place joins the place (كراكاس);
4. a person's last name alone joins the one full name that ends with it; then 3 again.

The result is that of linking every mention of the store from scratch on each run (instead of
joining new mentions to old entities), which keeps `build` of all articles and `build` + `add`
identical. The cost is not: an update relinks only the components of groups that share index
keys with the mentions it added or removed (entities.relink), and the corpus statistics are
recounted from per-article summaries (entities.propagate), so one `add` costs about the size of
the entities it touches, not of the store. An entity's id is a hash of its anchor: the
gazetteer entry, else the key of its most mentioned spelling; it stays the same across runs
unless a new spelling becomes the most mentioned one.
The Latin-script name comes from the gazetteer (CLDR/GeoNames English name), else from a Latin
mention in the batch (an English article, or a Latin name inside Arabic text), else from the
ANETAC name lookup, else from the transliteration model (entities.latin; `extras.latin_source`
and `extras.latin_confidence` say which and how sure). A mention made of common words
(entities.common: «دولار») joins no entity: it stays in its article, out of the entity list.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rashomon.entities import common, metonym, relink
from rashomon.entities.gazetteer import load
from rashomon.entities.keys import ARABIC_SCRIPT, CYRILLIC, LATIN, similarity, skeletons
from rashomon.entities.latin import RANK, LatinName, latin_name
from rashomon.entities.latinpool import latin_names
from rashomon.entities.propagate import propagate_store
from rashomon.pipeline.base import CorpusStep

if TYPE_CHECKING:
    from rashomon.config import Config
    from rashomon.store.sqlite import Store

log = logging.getLogger(__name__)

FUZZY = 0.85  # skeleton similarity to merge two spellings (1 edit in 7 consonant classes)
MIN_SKELETON = 3  # shorter skeletons (2 consonants) match too much to be merged fuzzily
# Past this share of the store's articles changed (and more than FULL_MIN of them), linking
# everything is cheaper than following components.
FULL_SHARE = 0.3
FULL_MIN = 50
COOCCUR_WINDOW = 300  # characters: entities this close in one article co-occur
COMPATIBLE = {
    "person": {"person", "other"},
    "place": {"place", "other"},
    "facility": {"facility", "organisation", "other"},
    "organisation": {"organisation", "outlet", "facility", "other"},
    "outlet": {"outlet", "organisation", "other"},
    "equipment": {"equipment", "other"},
    "event": {"event", "other"},
    "other": {
        "person",
        "place",
        "facility",
        "organisation",
        "outlet",
        "equipment",
        "event",
        "other",
    },
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
    acting: int = 0  # mentions that act (speak, or are tagged an organisation): metonyms
    _sk: set[str] | None = field(default=None, repr=False)  # cached skeletons
    _st: set[str] | None = field(default=None, repr=False)  # cached strict skeletons
    _ksk: dict[str, tuple[bool, frozenset[str]]] | None = field(default=None, repr=False)

    @property
    def type(self) -> str:
        return _type_of(self.gazetteer, self.types)

    def skeletons(self) -> set[str]:
        """The skeletons of the group's keys: its mentions' words without their clitics (a
        surface's clitic is a consonant too: «بروسيا», "in Russia", read BRS as «فارس» does)."""
        if self._sk is None:
            out: set[str] = set()
            for _latin_key, sks in self.key_skeletons().values():
                out |= sks
            self._sk = out
        return self._sk

    def key_skeletons(self) -> dict[str, tuple[bool, frozenset[str]]]:
        """Each key: is it in Latin script, and its skeletons of `MIN_SKELETON` classes or
        more (those of `skeletons`)."""
        if self._ksk is None:
            src = self.keys if relink.KEY_SKELETONS else self.surfaces
            self._ksk = {k: (_latin(k), _long_skeletons(k)) for k in src}
        return self._ksk

    def strict(self) -> set[str]:
        """The skeletons of the group's keys in the strict classes."""
        if self._st is None:
            self._st = {sk for s in self.keys for sk in skeletons(s, False)}
        return self._st

    def absorb(self, other: Group) -> None:
        if other.gazetteer and not self.gazetteer:
            self.anchor = other.anchor  # a place is anchored on its gazetteer entry
        self.keys |= other.keys
        self.types.update(other.types)
        self.surfaces.update(other.surfaces)
        self.latin.update(other.latin)
        self.members += other.members
        self.acting += other.acting
        self.gazetteer = self.gazetteer or other.gazetteer
        self.entity = self.entity or other.entity
        self._sk = self._st = self._ksk = None


@lru_cache(maxsize=200_000)
def _long_skeletons(text: str) -> frozenset[str]:
    return frozenset(sk for sk in skeletons(text) if len(sk.replace(" ", "")) >= MIN_SKELETON)


@lru_cache(maxsize=200_000)
def _latin(key: str) -> bool:
    """A key in Latin script (no Arabic or Cyrillic letter)."""
    return not ARABIC_SCRIPT.search(key) and not CYRILLIC.search(key)


def entity_id(anchor: str) -> str:
    return "e" + hashlib.sha256(anchor.encode("utf-8")).hexdigest()[:16]


def _compatible(a: str, b: str) -> bool:
    return b in COMPATIBLE.get(a, {b})


def _first_last(sk: str) -> str | None:
    parts = sk.split()
    return f"{parts[0]} {parts[-1]}" if len(parts) >= 2 else None


def _alike(x: str, y: str) -> float:
    """The similarity of two skeletons if they are alike, else 0.0. Alike: similarity >= FUZZY;
    of two names of as many words (two or more), the last words alike too: one edit in a whole
    name of seven classes is also a short family name changed («بهمن سالاري», «بهمن عسگري»: BMN SLR, BMN SKR), and chains of such matches
    merged the bearers of one given name into one person. Names of different lengths are
    compared whole (شي جين بينغ, شي جينپینگ: the words are cut differently). PER_WORD off: the
    whole alone, as before."""
    return _alike_as(x, y, PER_WORD, FUZZY)


@lru_cache(maxsize=500_000)
def _alike_as(x: str, y: str, per_word: bool, fuzzy: float) -> float:
    """`_alike` under the settings `per_word` (PER_WORD) and `fuzzy` (FUZZY), cached."""
    whole = similarity(x, y)
    if whole < fuzzy:
        return 0.0
    if not per_word:
        return whole
    px, py = x.split(), y.split()
    if len(px) < 2 or len(px) != len(py):
        return whole
    return whole if similarity(px[-1], py[-1]) >= fuzzy else 0.0


PER_WORD = True


def _short(x: str, y: str) -> bool:
    """Two skeletons of under STRICT_BELOW classes (three), which must be alike in the strict
    classes too (`SHORT_STRICT`): in the loose ones «فارس» Fars and «باريس» Paris are both BRS."""
    return SHORT_STRICT and len(x) < STRICT_BELOW and len(y) < STRICT_BELOW


def _fuzzy(a: Group, b: Group) -> float:
    """How alike two groups' spellings are: the best similarity of two alike skeletons (the
    whole names', else, for two persons, their first and last names'), 0.0 if none is."""
    if not _compatible(a.type, b.type) or (a.gazetteer and b.gazetteer):
        return 0.0
    if SAME_KEY and a.keys & b.keys:
        return 1.0  # «مكة» the tagger found alone, and «مكة» in the gazetteer's «مكة المكرمة»
    # two Latin spellings are also compared by their letters (a skeleton drops the vowels that
    # tell Latin words apart: "Store" and "Austria" are both STR); alike so, no strict classes
    # are asked of them (Gaddafi, Qaddafi)
    best = 0.0
    strict = None
    for ka, (la, xs) in a.key_skeletons().items():
        for kb, (lb, ys) in b.key_skeletons().items():
            letters = None
            for x in xs:
                for y in ys:
                    score = _alike(x, y)
                    if score <= best:
                        continue
                    if la and lb and LATIN_LETTERS:
                        if letters is None:
                            letters = similarity(ka, kb) >= LATIN_LETTERS
                        if not letters:
                            continue
                    elif _short(x, y):
                        if strict is None:
                            strict = bool(a.strict() & b.strict())
                        if not strict:
                            continue
                    best = score
                    if best >= 1.0:
                        return best
    sa, sb = a.skeletons(), b.skeletons()
    if best or not (a.type == "person" and b.type == "person"):
        return best
    # "Ramón Celestino Velásquez" ~ "Ramón Velásquez": first and last names agree
    fa = {f for f in map(_first_last, sa) if f}
    fb = {f for f in map(_first_last, sb) if f}
    return max((_alike(x, y) for x in fa for y in fb), default=0.0)


class LinkEntities(CorpusStep):
    name = "entities.link"
    reads = frozenset({"articles", "mentions"})
    writes = frozenset({"entities"})

    def update(self, store: Store, new_ids: list[str], config: Config) -> None:
        """Link the mentions as if every mention of the store were linked afresh (see the module
        docstring for why), but relink only the components of groups an update touched
        (entities.relink), and write only the rows that changed."""
        changes = propagate_store(store, config.entities.min_confidence, new_ids)
        if (
            changes.untraced
            or not relink.index_ready(store)
            or len(changes.articles) > max(FULL_MIN, FULL_SHARE * store.count_articles())
        ):
            self._link_all(store)
        elif changes.articles:
            self._relink(store, changes)

    def _entities_of(self, groups: list) -> tuple[dict[tuple[str, int], str], dict[str, tuple]]:
        """Each mention's entity id (by (article, seq)) and each entity's row, from the groups."""
        entity_of: dict[tuple[str, int], str] = {}
        ents: dict[str, tuple] = {}
        gaz = load()
        found = latin_names(  # on two cores where there are many to transliterate
            [
                (
                    _display_name(g),
                    gaz.entries[g.gazetteer]["latin"] if g.gazetteer else None,
                    g.latin,
                    g.surfaces,
                )
                for g in groups
            ]
        )
        for g, latin in zip(groups, found, strict=True):
            eid = entity_id(g.anchor)
            ents[eid] = self._entity_row(eid, g, None, latin)
            for member in g.members:
                entity_of[member] = eid
        return entity_of, ents

    def _link_all(self, store: Store) -> None:
        rows = store.mention_rows()
        groups = self._group(rows) if rows else []
        entity_of, ents = self._entities_of(groups)
        old_ents = store.entity_rows()
        rels = self._relations(rows, entity_of, ents)
        old_rels = store.relation_weights()
        moved = [
            (entity_of.get((r["article"], r["seq"])), r["article"], r["seq"])
            for r in rows
            if r["entity"] != entity_of.get((r["article"], r["seq"]))
        ]
        with store.atomic():
            store.write_entity_changes(old_ents, ents, moved)
            store.set_relations(old_rels, rels)
            relink.write_index(store, rows, None)
        log.info(
            "entities: linked %d mentions into %d entities (%d mentions moved)",
            len(rows),
            len(groups),
            len(moved),
        )

    def _relink(self, store: Store, changes) -> None:
        """Relink the components the changes touch; the rest of the store keeps its entities."""
        rows, known = relink.component_rows(store, changes.articles, changes.removed)
        groups = self._group(rows) if rows else []
        entity_of, ents = self._entities_of(groups)
        old_ids = {r["entity"] for r in rows if r["entity"]}
        old_ids |= {r["entity"] for r in changes.removed if r["entity"]}
        old_ents = store.entity_rows(old_ids | set(ents))
        moved = [
            (entity_of.get((r["article"], r["seq"])), r["article"], r["seq"])
            for r in rows
            if r["entity"] != entity_of.get((r["article"], r["seq"]))
        ]
        # co-occurrence: recount the articles whose mentions or entities changed
        touched = set(changes.articles) | {a for _, a, _ in moved}
        old_by: dict[str, list[tuple[int, str]]] = defaultdict(list)
        new_by: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for r in store.mention_rows("article", touched):
            if r["entity"]:
                old_by[r["article"]].append((r["start"], r["entity"]))
            e = None if common.flagged(r) else entity_of.get((r["article"], r["seq"]), r["entity"])
            if e:
                new_by[r["article"]].append((r["start"], e))
        for r in changes.removed:
            if r["entity"]:
                old_by[r["article"]].append((r["start"], r["entity"]))
        delta: Counter = Counter()
        for aid in touched:
            delta.update(relink.cooccurring(new_by.get(aid, []), COOCCUR_WINDOW))
            delta.subtract(relink.cooccurring(old_by.get(aid, []), COOCCUR_WINDOW))
        # gazetteer relations of the gazetteer entities that appeared or vanished
        gaz = load()
        appeared = {
            json.loads(row[4]).get("gazetteer") for eid, row in ents.items() if eid not in old_ents
        }
        vanished = {
            json.loads(row[4]).get("gazetteer") for eid, row in old_ents.items() if eid not in ents
        }
        appeared.discard(None)
        vanished.discard(None)
        with store.atomic():
            store.write_entity_changes(old_ents, ents, moved)
            store.add_cooccurrences(sorted(delta.items()))
            for g in sorted(vanished - appeared):
                store.drop_non_cooccurrence(entity_id(f"gaz:{g}"))
            if appeared:
                for a, b, kind in gaz.relations:
                    if a in appeared or b in appeared:
                        ea, eb = entity_id(f"gaz:{a}"), entity_id(f"gaz:{b}")
                        if store.count_entities({ea, eb}) == 2 - (ea == eb):
                            store.add_relation(ea, eb, kind)
            _sync_stands_for(store, ents, appeared)
            relink.write_index(store, rows, known)
        log.info(
            "entities: relinked %d mentions of %d articles into %d entities (%d moved)",
            len(rows),
            len(changes.articles),
            len(groups),
            len(moved),
        )

    # -- grouping -----------------------------------------------------------------------------
    def _group(self, rows: list[dict]) -> list[Group]:
        by_anchor: dict[str, Group] = {}
        for r in rows:
            if common.flagged(r):
                continue  # common words (entities.common): a mention, no entity
            anchor = relink.anchor_of(r)  # "gaz:<entry>" or "key:<key>"
            gaz = anchor[4:] if anchor.startswith("gaz:") else None
            g = by_anchor.setdefault(anchor, Group(anchor=anchor, gazetteer=gaz))
            g.keys.add(r["key"])
            g.types[r["type"]] += 1
            g.surfaces[r["text"]] += 1
            if LATIN.search(r["text"]) and not ARABIC_SCRIPT.search(r["text"]):
                g.latin[r["text"]] += 1
            g.members.append((r["article"], r["seq"]))
            g.acting += metonym.acts(r)
        groups = sorted(by_anchor.values(), key=lambda g: (-len(g.members), g.anchor))
        # Full names first (Persian and Arabic spellings of one full name become one group),
        # then last names join them, then the remaining single words across scripts.
        groups = _merge_fuzzy(groups)
        groups = _merge_surnames(groups)
        groups = _merge_prefixes(groups)
        return _merge_fuzzy(groups)

    def _entity_row(
        self, eid: str, g: Group, old: dict | None, found: LatinName | None | bool = False
    ) -> tuple:
        """`found`: the entity's `latin_name` when already known (`_entities_of`)."""
        gaz = load()
        ex = json.loads(old["extras"]) if old else {}
        types = Counter(ex.get("types", {}))
        types.update(g.types)
        name = old["name"] if old else _display_name(g)
        if found is False:
            found = latin_name(
                name,
                gaz.entries[g.gazetteer]["latin"] if g.gazetteer else None,
                g.latin,
                g.surfaces,
            )
        kept = (old["latin"], ex.get("latin_source")) if old and old["latin"] else None
        if kept and (found is None or RANK.get(kept[1] or "", 9) < RANK[found.source]):
            latin, source, sure = kept[0], kept[1], ex.get("latin_confidence")
        elif found:
            latin, source, sure = found.text, found.source, found.confidence
        else:
            latin, source, sure = None, None, None
        gaz_entry = g.gazetteer or ex.get("gazetteer")
        typ = _type_of(gaz_entry, types, shown=True)
        extras = {
            "types": dict(types),
            "latin_source": source,
            "latin_confidence": sure,
            "gazetteer": g.gazetteer or ex.get("gazetteer"),
        }
        if g.acting and extras["gazetteer"] and gaz.stands_for(extras["gazetteer"]):
            extras["acting"] = g.acting  # a seat or capital that speaks for its state
        if extras["gazetteer"]:
            extras["kind"] = gaz.entries[extras["gazetteer"]]["kind"]
        return (eid, name, typ, latin, json.dumps(extras, ensure_ascii=False, sort_keys=True))

    # -- relations ----------------------------------------------------------------------------
    @staticmethod
    def _relations(
        rows: list[dict], entity_of: dict[tuple[str, int], str], ents: dict[str, tuple]
    ) -> dict[tuple[str, str, str], float]:
        """(a, b, kind) -> weight: the gazetteer's relations between linked places, and
        co-occurrence (entities mentioned within COOCCUR_WINDOW characters of each other,
        counted once per article)."""
        gaz = load()
        by_gaz = {}
        for eid, row in ents.items():
            g = json.loads(row[4]).get("gazetteer")
            if g:
                by_gaz[g] = eid
        out: dict[tuple[str, str, str], float] = {}
        for a, b, kind in gaz.relations:
            if a in by_gaz and b in by_gaz:
                out.setdefault((by_gaz[a], by_gaz[b], kind), 1.0)
        for rel in metonym.relations(ents, by_gaz):
            out.setdefault(rel, 1.0)
        by_article: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for r in rows:
            if (r["article"], r["seq"]) in entity_of:
                by_article[r["article"]].append((r["start"], entity_of[(r["article"], r["seq"])]))
        pairs: Counter = Counter()
        for ms in by_article.values():
            pairs.update(relink.cooccurring(ms, COOCCUR_WINDOW))
        for (a, b), n in pairs.items():
            key = (a, b, "co-occurrence")
            out[key] = out.get(key, 0.0) + float(n)
        return out


def _display_name(g: Group) -> str:
    """The most frequent surface, preferring full (longer) names and, among equals, the
    shortest spelling (without attached clitics)."""
    return max(
        g.surfaces.items(),
        key=lambda kv: (kv[1] * (1 + kv[0].count(" ")), -len(kv[0]), kv[0]),
    )[0]


def _sync_stands_for(store: Store, ents: dict[str, tuple], appeared: set) -> None:
    """After a relink: the `stands_for` relation of each capital among the relinked entities,
    or whose state just appeared, is what linking everything would give (metonym.relations)."""
    gaz = load()
    capitals = {json.loads(row[4]).get("gazetteer") for row in ents.values()}
    capitals |= {c for c, state in gaz.capital_of.items() if state in appeared}
    for cap in sorted(c for c in capitals if c in gaz.capital_of):
        eid, state = entity_id(f"gaz:{cap}"), entity_id(f"gaz:{gaz.capital_of[cap]}")
        row = ents.get(eid) or store.entity_rows([eid]).get(eid)
        key = (eid, state, "stands_for")
        want = (
            metonym.relations({eid: row}, {gaz.capital_of[cap]: state})
            if row and store.count_entities({state}) == 1
            else []
        )
        store.set_relations({key: 1.0}, {})
        if want:
            store.add_relation(*key)


def _merge_prefixes(groups: list[Group]) -> list[Group]:
    """An organisation, outlet or event name joins the one longer name of its type that it
    begins ("مجلس الأمن" joins "مجلس الأمن الدولي")."""
    by_prefix: dict[str, list[Group]] = defaultdict(list)
    for g in groups:
        if g.type in ("organisation", "outlet", "event") and not g.gazetteer:
            for k in g.keys:
                parts = k.split(" ")
                for n in range(2, len(parts)):
                    by_prefix[" ".join(parts[:n])].append(g)
    out = []
    for g in groups:
        if g.type in ("organisation", "outlet", "event") and not g.gazetteer:
            cands = {id(h): h for k in g.keys for h in by_prefix.get(k, []) if h is not g}
            if len(cands) == 1 and next(iter(cands.values())).type == g.type:
                next(iter(cands.values())).absorb(g)
                continue
        out.append(g)
    return out


def _merge_surnames(groups: list[Group]) -> list[Group]:
    """A one-word person (or unknown) name joins the only full person name ending with it."""
    by_last: dict[str, list[Group]] = defaultdict(list)
    for g in groups:
        if g.type == "person":
            for k in g.keys:
                if " " in k:
                    by_last[k.rsplit(" ", 1)[1]].append(g)
            for sk in g.skeletons():
                if " " in sk and len(sk.rsplit(" ", 1)[1]) >= MIN_SKELETON:
                    by_last["sk:" + sk.rsplit(" ", 1)[1]].append(g)  # ستوري ~ استوری
    out = []
    for g in groups:
        if g.type in ("person", "other") and not g.gazetteer and all(" " not in k for k in g.keys):
            cands = {id(h): h for k in g.keys for h in by_last.get(k, []) if h is not g}
            if not cands:
                cands = {
                    id(h): h
                    for sk in g.skeletons()
                    for h in by_last.get("sk:" + sk, [])
                    if h is not g
                }
            if len(cands) == 1:
                next(iter(cands.values())).absorb(g)
                continue
        out.append(g)
    return out


# Index keys under which two skeletons at least FUZZY similar meet: the skeleton itself, and,
# from 7 classes on (where one edit still leaves 6/7 = 0.857 >= FUZZY), the skeleton with one
# class deleted (two strings one edit apart share such a key). Shared with entities.relink.
_fuzzy_keys = relink.fuzzy_keys


# Two names alike by skeletons under STRICT_BELOW classes (three) must also share a skeleton in
# the strict classes to be merged (off: the loose classes alone, as before 7 December).
SHORT_STRICT = True
STRICT_BELOW = 4
# A group of mentions the tagger found without the gazetteer's anchor joins the gazetteer
# group that holds the same key (the tagger's «مكة» where the gazetteer matched «مكة المكرمة»),
# however short its skeleton (off: by skeletons alone, as before 7 December).
SAME_KEY = True
# Two groups of Latin-script keys only must also be this alike letter by letter (0: by their
# skeletons alone, as before 7 December): Gaddafi ~ Qaddafi (0.86), not Store ~ Austria.
LATIN_LETTERS = 0.8
MERGE_GUARD = True  # off: any chain of alike spellings merges (the rule before 7 December)


def _type_of(gazetteer: str | None, types: Counter, shown: bool = False) -> str:
    """A group's type from its gazetteer entry and its mentions' type votes: the most voted
    specific type. `shown`, the entity's type in the dossier: "other" where it has more than
    `OTHER_OVER` times the votes of that type (the tagger calls «الله» "other" 742 times, as
    ANERcorp tags it, and a person 21 times: the entity is no person); merging keeps the
    specific type, so that such a word does not become compatible with every name."""
    if gazetteer:
        return load().type_of(gazetteer)
    typed = Counter({t: n for t, n in types.items() if t != "other"})
    if not typed:
        return types.most_common(1)[0][0]
    best, n = typed.most_common(1)[0]
    if shown and OTHER_OVER and types.get("other", 0) > OTHER_OVER * n:
        return "other"
    return best


# "other" wins an entity's type vote with more than this many times the votes of the most voted
# specific type (0: any specific vote wins, as before 7 December).
OTHER_OVER = 2.0


def _merge_fuzzy(groups: list[Group]) -> list[Group]:
    """Merge spellings of one name across scripts (union-find over skeleton matches).

    Candidate pairs come from an index of skeletons and their one-deletion variants, so the
    work grows with the number of groups, not its square.
    """
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        # identical keys meet under their skeletons, or, too short for one, under the key
        keys: set[str] = (
            {"k:" + k for k, (_l, sks) in g.key_skeletons().items() if not sks}
            if SAME_KEY
            else set()
        )
        for sk in g.skeletons():
            keys |= _fuzzy_keys(sk)
            fl = _first_last(sk)
            if fl and g.type == "person":
                keys |= {"fl:" + k for k in _fuzzy_keys(fl)}
        for k in keys:
            index[k].append(i)
    tried: set[tuple[int, int]] = set()
    pairs: list[tuple[float, int, int]] = []
    for members in index.values():
        if len(members) < 2:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                pair = (min(i, j), max(i, j))
                if pair in tried:
                    continue
                tried.add(pair)
                score = _fuzzy(groups[i], groups[j])
                if score:
                    pairs.append((-score, *pair))
    # The likest pairs first; a merge must also suit what each side has already merged
    # (`MERGE_GUARD`): two places of different gazetteer entries, or a person and a place,
    # are never joined through a spelling alike each (on 2,296 real articles, chains of such
    # pairs had made Greece of «اليونان», «اصفهان» and «لبنان»).
    pairs.sort()
    gaz = [g.gazetteer for g in groups]
    types = [Counter(g.types) for g in groups]
    for _score, i, j in pairs:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if MERGE_GUARD and (
            (gaz[ri] and gaz[rj] and gaz[ri] != gaz[rj])
            # a place joins only what is alike its gazetteer group itself, not alike another
            # spelling that joined it («فارس» ~ ... ~ «روسيا» made Fars the Russia entity)
            or ((gaz[ri] or gaz[rj]) and not (groups[i].gazetteer or groups[j].gazetteer))
            or not _compatible(_type_of(gaz[ri], types[ri]), _type_of(gaz[rj], types[rj]))
        ):
            continue
        # the bigger (earlier) group stays the root: it holds the anchor
        root, other = min(ri, rj), max(ri, rj)
        parent[other] = root
        gaz[root] = gaz[root] or gaz[other]
        types[root] += types[other]
    merged: dict[int, Group] = {}
    for i, g in enumerate(groups):
        if find(i) == i:
            merged[i] = g
    for i, g in enumerate(groups):
        r = find(i)
        if r != i:
            merged[r].absorb(g)
    return [merged[k] for k in sorted(merged)]
