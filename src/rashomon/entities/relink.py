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

from rashomon.entities.keys import skeletons

RK = "entities.rk:"
AK = "entities.ak:"
READY = "entities.link-index"  # version of the index; absent = not built
INDEX_VERSION = 1
MIN_SKELETON = 3
COLUMNS = "article, seq, start, text, type, key, extras, entity"


def anchor_of(row: dict) -> str:
    gaz = json.loads(row["extras"] or "{}").get("gazetteer")
    return f"gaz:{gaz}" if gaz else f"key:{row['key']}"


def _fuzzy_keys(sk: str) -> set[str]:
    out = {sk}
    if len(sk) >= 7:
        out |= {sk[:k] + sk[k + 1 :] for k in range(len(sk))}
    return out


def relatedness_keys(keys: Iterable[str], surfaces: Iterable[str]) -> set[str]:
    """Every index key any merge rule of entities.link could look a group up by."""
    out: set[str] = set()
    for s in surfaces:
        for sk in skeletons(s):
            if len(sk.replace(" ", "")) < MIN_SKELETON:
                continue
            out |= {"f:" + k for k in _fuzzy_keys(sk)}
            parts = sk.split()
            if len(parts) >= 2:
                out |= {"f:fl:" + k for k in _fuzzy_keys(f"{parts[0]} {parts[-1]}")}
                out.add("l:sk:" + parts[-1])
            else:
                out.add("l:sk:" + sk)
    for k in keys:
        parts = k.split(" ")
        out.add("l:" + parts[-1])  # a full name by its last word; a one-word name by itself
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


def _chunks(items: list, n: int = 500):
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _meta(store, prefix: str, names: Iterable[str]) -> dict[str, object]:
    names = sorted(set(names))
    out: dict[str, object] = {}
    for chunk in _chunks(names):
        for r in store.rows(
            f"SELECT key, value FROM meta WHERE key IN ({','.join('?' * len(chunk))})",  # noqa: S608
            [prefix + n for n in chunk],
        ):
            out[r["key"][len(prefix) :]] = json.loads(r["value"])
    return out


def index_ready(store) -> bool:
    return store.get_meta(READY) == INDEX_VERSION


def component_rows(store, changed: set[str], removed: list[dict]) -> tuple[list[dict], dict]:
    """The mention rows of every component the changes touch (ordered by article, seq), and
    the index entries (anchor -> profile) of the anchors before the update."""
    new_rows: list[dict] = []
    for chunk in _chunks(sorted(changed)):
        new_rows += store.rows(
            f"SELECT {COLUMNS} FROM mentions WHERE article IN ({','.join('?' * len(chunk))})",  # noqa: S608
            chunk,
        )
    fresh = _profiles(new_rows)
    gone = _profiles(removed)
    # seeds: the anchors of the changed mentions, and those that met a removed mention
    seeds = set(fresh) | set(gone)
    gone_keys = set()
    for keys, surfaces in gone.values():
        gone_keys |= relatedness_keys(keys, surfaces)
    for anchors in _meta(store, RK, gone_keys).values():
        seeds |= set(anchors)
    comp: set[str] = set()
    known: dict[str, dict] = {}
    frontier = seeds
    by_key: dict[str, list[dict]] = {}  # mention key -> its rows (any anchor)
    while frontier:
        # breadth-first over shared relatedness keys
        while frontier:
            todo = frontier - comp
            comp |= todo
            known.update(_meta(store, AK, [a for a in todo if a not in known]))
            rks: set[str] = set()
            for a in todo:
                rks |= set(known.get(a, {}).get("rk", ()))
                if a in fresh:
                    rks |= relatedness_keys(*fresh[a])
            frontier = set()
            for anchors in _meta(store, RK, rks).values():
                frontier |= set(anchors) - comp
        # the rows of the component, by their mention keys
        keys: set[str] = set()
        for a in comp:
            keys |= set(known.get(a, {}).get("keys", ()))
            if a in fresh:
                keys |= fresh[a][0]
        keys -= set(by_key)
        for chunk in _chunks(sorted(keys)):
            for k in chunk:
                by_key[k] = []
            for r in store.rows(
                f"SELECT {COLUMNS} FROM mentions WHERE key IN ({','.join('?' * len(chunk))})",  # noqa: S608
                chunk,
            ):
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
        for chunk in _chunks(sorted(old)):
            for r in store.rows(
                f"SELECT {COLUMNS} FROM mentions WHERE entity IN ({','.join('?' * len(chunk))})",  # noqa: S608
                chunk,
            ):
                a = anchor_of(r)
                if a not in comp:
                    frontier.add(a)
    rows = {
        (r["article"], r["seq"]): r for rs in by_key.values() for r in rs if anchor_of(r) in comp
    }
    return sorted(rows.values(), key=lambda r: (r["article"], r["seq"])), known


def write_index(c, rows: list[dict], known: dict[str, dict] | None, store=None) -> None:
    """Index the anchors of `rows` (all rows of those anchors). `known`: their previous index
    entries (None: a full rebuild, every entry is rewritten)."""
    prof = _profiles(rows)
    entries = {
        a: {"rk": sorted(relatedness_keys(keys, surf)), "keys": sorted(keys)}
        for a, (keys, surf) in prof.items()
    }
    if known is None:
        c.execute("DELETE FROM meta WHERE key >= ? AND key < ?", (RK, RK[:-1] + ";"))
        c.execute("DELETE FROM meta WHERE key >= ? AND key < ?", (AK, AK[:-1] + ";"))
        by_rk: dict[str, list[str]] = defaultdict(list)
        for a, e in sorted(entries.items()):
            for k in e["rk"]:
                by_rk[k].append(a)
    else:
        # anchors of the component that lost all their mentions leave the index
        comp = set(known) | set(entries)
        touched: set[str] = set()
        for a in comp:
            touched |= set(known.get(a, {}).get("rk", ()))
            touched |= set(entries.get(a, {}).get("rk", ()))
        by_rk = {}
        for k, anchors in _meta(store, RK, touched).items():
            by_rk[k] = [a for a in anchors if a not in comp]
        for a, e in entries.items():
            for k in e["rk"]:
                by_rk.setdefault(k, []).append(a)
        for k in touched - set(by_rk):
            by_rk[k] = []
        c.executemany(
            "DELETE FROM meta WHERE key = ?", [(AK + a,) for a in sorted(comp - set(entries))]
        )
    upsert = "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value"
    c.executemany(
        upsert, [(AK + a, json.dumps(e, ensure_ascii=False)) for a, e in sorted(entries.items())]
    )
    c.executemany(
        "DELETE FROM meta WHERE key = ?", [(RK + k,) for k, v in sorted(by_rk.items()) if not v]
    )
    c.executemany(
        upsert,
        [
            (RK + k, json.dumps(sorted(v), ensure_ascii=False))
            for k, v in sorted(by_rk.items())
            if v
        ],
    )
    c.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
        (READY, json.dumps(INDEX_VERSION)),
    )
