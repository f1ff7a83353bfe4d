"""Relinking only what an update touched, with the result of linking everything afresh.

Linking (entities.link) starts from one group per anchor (a gazetteer entry, else a mention
key) and merges groups only when they share an index key: a skeleton or its one-deletion
variants (fuzzy), a last name (surnames), a name prefix (organisations). So the groups fall
into components, connected by shared *relatedness keys*, and linking each component alone
gives the same entities as linking the whole store (every merge rule looks only at groups met
through such keys, and keeps their relative order). An update therefore relinks the
components that hold the mentions it added or removed, found through an index kept in the
store's `meta` table:

* `entities.rk:<key>` -> the anchors that have this relatedness key;
* `entities.ak:<anchor>` -> the anchor's relatedness keys and mention keys.

The relatedness keys over-approximate the merge rules' index keys (e.g. first-and-last-name
keys for every group, not only people): a bigger component costs time, never correctness.
Besides the components, everything that shared an old entity with them is relinked, so no
entity is left half rewritten.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from rashomon.entities.keys import skeletons

RK = "entities.rk:"
AK = "entities.ak:"
READY = "entities.link-index"  # version of the index; absent = not built
INDEX_VERSION = 5  # 4: skeletons of the mention keys, not the surfaces; 5: keys themselves
# The skeletons entities.link compares are its mention keys' (clitics stripped: «بروسيا», "in
# Russia", is no BRS like «فارس»); off: the surfaces', as before 7 December.
KEY_SKELETONS = True
MIN_SKELETON = 3


def anchor_of(row: dict) -> str:
    """The anchor of a mention row (its gazetteer entry, else its key), kept on the row: a
    row is looked at many times while a component grows."""
    anchor = row.get("_anchor")
    if anchor is None:
        extras = row["extras"]
        gaz = json.loads(extras).get("gazetteer") if extras and "gazetteer" in extras else None
        anchor = row["_anchor"] = f"gaz:{gaz}" if gaz else f"key:{row['key']}"
    return anchor


@lru_cache(maxsize=200_000)
def fuzzy_keys(sk: str) -> frozenset[str]:
    """entities.link's fuzzy index keys of a skeleton (itself and, from 7 classes on, its
    one-deletion variants)."""
    if len(sk) < 7:
        return frozenset((sk,))
    return frozenset({sk} | {sk[:k] + sk[k + 1 :] for k in range(len(sk))})


def long_skeleton(key: str) -> bool:
    """Has the key a skeleton of `MIN_SKELETON` classes or more (an index key of its own)?"""
    return any(len(sk.replace(" ", "")) >= MIN_SKELETON for sk in skeletons(key))


def relatedness_keys(keys: Iterable[str], surfaces: Iterable[str], gazetteer: bool) -> set[str]:
    """Every index key any merge rule of entities.link could look a group up by. A group
    holding a gazetteer place is never merged by last name or prefix (those rules skip
    places), so a gazetteer anchor gets fuzzy keys only."""
    out: set[str] = set()
    keys = list(keys)
    for s in keys if KEY_SKELETONS else surfaces:
        for sk in skeletons(s):
            if len(sk.replace(" ", "")) < MIN_SKELETON:
                continue
            out |= {"f:" + k for k in fuzzy_keys(sk)}
            parts = sk.split()
            if len(parts) >= 2:
                out |= {"f:fl:" + k for k in fuzzy_keys(f"{parts[0]} {parts[-1]}")}
            if gazetteer:
                continue
            # last names: "l2:" a full name by its last word, "l1:" a one-word name
            if len(parts) >= 2 and len(parts[-1]) >= MIN_SKELETON:
                out.add("l2:sk:" + parts[-1])
            elif len(parts) == 1:
                out.add("l1:sk:" + sk)
    # entities.link.SAME_KEY: a key too short for a skeleton index key of its own
    out |= {"f:k:" + k for k in keys if not long_skeleton(k)}
    if gazetteer:
        return out
    for k in keys:
        parts = k.split(" ")
        out.add(("l2:" if len(parts) >= 2 else "l1:") + parts[-1])
        out.add("p:" + k)
        for n in range(2, len(parts)):
            out.add("p:" + " ".join(parts[:n]))
    return out


def _profiles(rows: list[dict]) -> dict[str, tuple[set[str], set[str]]]:
    """anchor -> (mention keys, surfaces) of these rows."""
    out: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for r in rows:
        keys, surfaces = out[anchor_of(r)]
        keys.add(r["key"])
        surfaces.add(r["text"])
    return out


def cooccurring(ms: list[tuple[int, str]], window: int = 300) -> set[tuple[str, str]]:
    """The pairs of entities mentioned within `window` characters of each other in one article
    (entities.link.COOCCUR_WINDOW)."""
    ms = sorted(ms, key=lambda m: m[0])
    seen: set[tuple[str, str]] = set()
    for i, (start, e) in enumerate(ms):
        for n_start, f in ms[i + 1 :]:
            if n_start - start > window:
                break
            if f != e:
                seen.add((e, f) if e < f else (f, e))
    return seen


PERSONISH = {"person", "other"}
ORGISH = {"organisation", "outlet", "event"}


def _follow(comp: set[str], rks, types, followed: set[tuple[str, str]]) -> set[str]:
    """The last-name and prefix keys to follow out of the fuzzy-closed set `comp`.

    A merged group is a union of anchors within one fuzzy component F (closed under shared
    fuzzy keys), plus, after the last-name rule, one-word groups it absorbed. The last-name
    rule only involves groups of type person (or other, for the one-word side): F can only
    yield such a group if one of its mentions is typed person or other. The prefix rule only
    involves organisations, outlets and events: F (with what it may absorb by last name) must
    hold a mention of such a type. Types are those of the index before the update plus the
    changed mentions': a superset of both states.
    """
    parent = {a: a for a in comp}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first: dict[str, str] = {}
    for a in sorted(comp):
        for k in rks(a):
            if k.startswith("f:"):
                if k in first:
                    parent[find(a)] = find(first[k])
                else:
                    first[k] = a
    members: dict[str, list[str]] = defaultdict(list)
    for a in comp:
        members[find(a)].append(a)
    flags = {r: set().union(*(types(a) for a in ms)) for r, ms in members.items()}
    # last-name keys of each component, to find the components it may absorb
    lkeys = {r: {k[3:] for a in ms for k in rks(a) if k[:1] == "l"} for r, ms in members.items()}
    by_lkey: dict[str, set[str]] = defaultdict(set)
    for r, ks in lkeys.items():
        for k in ks:
            by_lkey[k].add(r)
    out: set[str] = set()
    for r, ms in members.items():
        # a one-word name of a person (or an untyped one) looks up full names ("l1" keys);
        # a person's full name is looked up by its last word ("l2" keys)
        roles = {"l1"} if flags[r] & PERSONISH else set()
        if "person" in flags[r]:
            roles.add("l2")
        orgish = bool(flags[r] & ORGISH)
        if "person" in flags[r] and not orgish:
            near = {q for k in lkeys[r] for q in by_lkey[k]}
            orgish = any(flags[q] & ORGISH for q in near)
        for a in ms:
            for role in roles:
                if (a, role) not in followed:
                    followed.add((a, role))
                    for k in rks(a):
                        if k.startswith(role + ":"):
                            out |= {"l1:" + k[3:], "l2:" + k[3:]}  # either side of the rule
            if orgish and (a, "p") not in followed:
                followed.add((a, "p"))
                out |= {k for k in rks(a) if k.startswith("p:")}
    return out


def index_ready(store) -> bool:
    return store.get_meta(READY) == INDEX_VERSION


def component_rows(store, changed: set[str], removed: list[dict]) -> tuple[list[dict], dict]:
    """The mention rows of every component the changes touch (ordered by article, seq), and
    the index entries (anchor -> profile) of the anchors before the update."""
    new_rows = store.mention_rows("article", changed)
    fresh = _profiles(new_rows)
    gone = _profiles(removed)
    fresh_types: dict[str, set[str]] = defaultdict(set)
    for r in new_rows:
        fresh_types[anchor_of(r)].add(r["type"])
    # seeds: the anchors of the changed mentions, and those that met a removed mention
    seeds = set(fresh) | set(gone)
    gone_keys = set()
    for a, (keys, surfaces) in gone.items():
        gone_keys |= relatedness_keys(keys, surfaces, a.startswith("gaz:"))
    for anchors in store.meta_many(RK, gone_keys).values():
        seeds |= set(anchors)
    comp: set[str] = set()
    known: dict[str, dict] = {}
    frontier = seeds
    by_key: dict[str, list[dict]] = {}  # mention key -> its rows (any anchor)
    followed: set[tuple[str, str]] = set()  # (anchor, "l" or "p") whose keys were followed

    rk_cache: dict[str, set[str]] = {}

    def rks(a: str) -> set[str]:
        # (an anchor's entry is loaded when it joins the component, before it is asked for)
        out = rk_cache.get(a)
        if out is None:
            out = set(known.get(a, {}).get("rk", ()))
            if a in fresh:
                out |= relatedness_keys(*fresh[a], a.startswith("gaz:"))
            rk_cache[a] = out
        return out

    def types(a: str) -> set[str]:
        return set(known.get(a, {}).get("types", ())) | fresh_types.get(a, set())

    while frontier:
        while frontier:
            # close over fuzzy keys, then follow last-name and prefix keys only out of the
            # groups that can take part in those rules (see `_follow`)
            while frontier:
                todo = frontier - comp
                comp |= todo
                known.update(store.meta_many(AK, [a for a in todo if a not in known]))
                fkeys = {k for a in todo for k in rks(a) if k.startswith("f:")}
                frontier = set()
                for anchors in store.meta_many(RK, fkeys).values():
                    frontier |= set(anchors) - comp
            keys = _follow(comp, rks, types, followed)
            for anchors in store.meta_many(RK, keys).values():
                frontier |= set(anchors) - comp
        # the rows of the component, by their mention keys
        keys: set[str] = set()
        for a in comp:
            keys |= set(known.get(a, {}).get("keys", ()))
            if a in fresh:
                keys |= fresh[a][0]
        keys -= set(by_key)
        for k in keys:
            by_key[k] = []
        for r in store.mention_rows("key", keys):
            by_key[r["key"]].append(r)
        rows = {
            (r["article"], r["seq"]): r
            for rs in by_key.values()
            for r in rs
            if anchor_of(r) in comp
        }
        # everything that shared an old entity with the component joins it
        old = {r["entity"] for r in rows.values() if r["entity"]}
        old |= {r["entity"] for r in removed if r["entity"]}
        for r in store.mention_rows("entity", old):
            a = anchor_of(r)
            if a not in comp:
                frontier.add(a)
    rows = {
        (r["article"], r["seq"]): r for rs in by_key.values() for r in rs if anchor_of(r) in comp
    }
    return sorted(rows.values(), key=lambda r: (r["article"], r["seq"])), known


def write_index(store, rows: list[dict], known: dict[str, dict] | None) -> None:
    """Index the anchors of `rows` (all rows of those anchors). `known`: their previous index
    entries (None: a full rebuild, every entry is rewritten)."""
    prof = _profiles(rows)
    typ: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        typ[anchor_of(r)].add(r["type"])
    entries = {
        a: {
            "rk": sorted(relatedness_keys(keys, surf, a.startswith("gaz:"))),
            "keys": sorted(keys),
            "types": sorted(typ[a]),
        }
        for a, (keys, surf) in prof.items()
    }
    if known is None:
        store.delete_meta_prefix(RK)
        store.delete_meta_prefix(AK)
        by_rk: dict[str, list[str]] = defaultdict(list)
        for a, e in sorted(entries.items()):
            for k in e["rk"]:
                by_rk[k].append(a)
    else:
        # only the index keys an anchor gained or lost are rewritten
        lost: dict[str, set[str]] = defaultdict(set)
        gained: dict[str, set[str]] = defaultdict(set)
        for a in set(known) | set(entries):
            old = set(known.get(a, {}).get("rk", ()))
            new = set(entries.get(a, {}).get("rk", ()))
            for k in old - new:
                lost[k].add(a)
            for k in new - old:
                gained[k].add(a)
        touched = set(lost) | set(gained)
        current = store.meta_many(RK, touched)
        by_rk = {
            k: sorted((set(current.get(k, ())) - lost.get(k, set())) | gained.get(k, set()))
            for k in touched
        }
        store.delete_meta_many(AK, sorted(set(known) - set(entries)))  # no mention left
        entries = {a: e for a, e in entries.items() if known.get(a) != e}
    store.put_meta_many(AK, sorted(entries.items()))
    store.delete_meta_many(RK, [k for k, v in sorted(by_rk.items()) if not v])
    store.put_meta_many(RK, [(k, sorted(v)) for k, v in sorted(by_rk.items()) if v])
    store.set_meta(READY, INDEX_VERSION)
