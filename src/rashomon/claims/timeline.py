"""The timeline: dated events from the statements, with their claims and precision.

One row per (date, precision): the statements that mention that date, grouped. `claims` lists
the ids of the claims (from the alignment step) those statements belong to; a statement that no
claim holds yet is listed by its own statement id, and `extras.ids` says which kind each id is.
The label is the shortest statement of the row (a person reads it; the spans are in `extras`).
The table is rebuilt on every run: it is small and depends on every article.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING

from rashomon.pipeline.base import CorpusStep

if TYPE_CHECKING:
    from rashomon.config import Config
    from rashomon.store.sqlite import Store

LABEL_CHARS = 160


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


class BuildTimeline(CorpusStep):
    name = "claims.timeline"

    def update(self, store: Store, new_ids: list[str], config: Config) -> None:
        claim_of = {
            r["statement"]: r["claim"] for r in store.rows("SELECT statement, claim FROM claim_statements")
        }
        events: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for r in store.rows(
            """SELECT s.id, s.article, s.start, s."end", s.text, s.dates, a.published
               FROM statements s JOIN articles a ON a.id = s.article
               WHERE s.dates != '[]' ORDER BY a.seq, s.seq"""
        ):
            for d in json.loads(r["dates"]):
                events[(d["value"], d.get("precision", "day"))].append({**r, "date": d})
        rows = []
        for seq, ((value, precision), items) in enumerate(sorted(events.items())):
            ids, kinds = [], {}
            for it in items:
                cid = claim_of.get(it["id"])
                key = cid or it["id"]
                if key not in ids:
                    ids.append(key)
                    kinds[key] = "claim" if cid else "statement"
            label_item = min(items, key=lambda it: len(it["text"]))
            extras = {
                "ids": kinds,
                "articles": sorted({it["article"] for it in items}),
                "statements": [
                    {"id": it["id"], "article": it["article"], "start": it["start"],
                     "end": it["end"], "text": it["text"], "date_text": it["date"]["text"],
                     "date_start": it["date"]["start"], "date_end": it["date"]["end"],
                     **({"date_basis": it["date"]["basis"]} if it["date"].get("basis") else {})}
                    for it in items
                ],
            }
            rows.append((seq, value, precision, _label(label_item["text"]), json.dumps(ids),
                         json.dumps(extras, ensure_ascii=False)))
        with store.atomic() as c:
            c.execute("DELETE FROM timeline")
            c.executemany(
                "INSERT INTO timeline(seq, date, precision, label, claims, extras) VALUES (?,?,?,?,?,?)",
                rows,
            )
