"""Name statistics across the whole store (the corpus half of mention detection).

`DetectMentions` sees one article at a time, so that a batch gives the same mentions however
it is cut into chunks or runs. Here, over every article in the store, names found by a cue in
one article become mentions where they recur in others, and rare name-shaped words shared by
several articles (or by an Arabic and a Persian one) become names. The mentions added here
carry `extras.rule = "corpus:..."`; they are recomputed from scratch on every run, so
`build` of all articles and `build` + `add` give the same store.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

from rashomon.entities.batch import propagate, recurrent
from rashomon.entities.detect import resolve_overlaps
from rashomon.entities.doc import Doc, guess_language
from rashomon.entities.gazetteer import load
from rashomon.entities.keys import base_key, tokenize
from rashomon.entities.rules import Cand, span_key

if TYPE_CHECKING:
    from rashomon.store.sqlite import Store

CORPUS_RULES = ("propagated", "recurrent-rare")


def propagate_store(store: Store, min_confidence: float = 0.5) -> int:
    """Recompute the corpus-level mentions of every article; returns how many were added."""
    gaz = load()
    with store.atomic() as c:
        c.execute("DELETE FROM mentions WHERE json_extract(extras, '$.rule') LIKE 'corpus:%'")
    docs: dict[str, Doc] = {}
    cands: dict[str, list[Cand]] = {}
    n_existing: dict[str, int] = {}
    next_seq: dict[str, int] = {}
    for a in store.rows("SELECT id, text, language FROM articles ORDER BY id"):
        text = a["text"] or ""
        counts = Counter(base_key(text[s:e]) for s, e in tokenize(text))
        doc = Doc(text, guess_language(text, a["language"]), gaz, counts)
        at_start = {t.start: i for i, t in enumerate(doc.toks)}
        at_end = {t.end: i for i, t in enumerate(doc.toks)}
        cs = []
        rows = store.rows(
            'SELECT seq, start, "end", type, confidence, extras FROM mentions WHERE article = ?',
            (a["id"],),
        )
        for m in rows:
            if m["start"] in at_start and m["end"] in at_end:
                rule = json.loads(m["extras"] or "{}").get("rule", "")
                cs.append(
                    Cand(
                        at_start[m["start"]], at_end[m["end"]] + 1, m["type"], m["confidence"], rule
                    )
                )
        docs[a["id"]], cands[a["id"]] = doc, cs
        n_existing[a["id"]] = len(cs)
        next_seq[a["id"]] = 1 + max((m["seq"] for m in rows), default=-1)
    recurrent(docs, cands)
    propagate(docs, cands)
    added = []
    for aid, doc in docs.items():
        taken = [False] * len(doc.toks)
        for c in cands[aid][: n_existing[aid]]:
            for k in range(c.i, c.j):
                taken[k] = True
        new = [c for c in cands[aid][n_existing[aid] :] if c.rule in CORPUS_RULES]
        seq = next_seq[aid]
        for c, typ in resolve_overlaps(doc, new):
            if c.score < min_confidence or any(taken[c.i : c.j]):
                continue
            start, end = doc.toks[c.i].start, doc.toks[c.j - 1].end
            added.append(
                (
                    aid,
                    seq,
                    start,
                    end,
                    doc.text[start:end],
                    typ,
                    span_key(doc, c),
                    c.score,
                    json.dumps({"rule": "corpus:" + c.rule}),
                )
            )
            seq += 1
    with store.atomic() as c:
        c.executemany(
            """INSERT INTO mentions(article, seq, start, "end", text, type, key, confidence, extras)
               VALUES (?,?,?,?,?,?,?,?,?)""",
            added,
        )
    return len(added)
