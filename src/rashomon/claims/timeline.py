"""The timeline: dated events from the statements, with their claims and precision.

One row per (date, precision): the statements that mention that date, grouped. `claims` lists
the ids of the claims (from the alignment step) those statements belong to; a statement that no
claim holds yet is listed by its own statement id, and `ids` says which kind each id is.
The label is the shortest statement of the row (a person reads it; `statements` has the spans).
The table is rebuilt on every run: it is small and depends on every article.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from rashomon.corpus import TimelineEntry
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
    reads = frozenset({"statements", "reference_dates", "claims"})
    writes = frozenset({"timeline"})

    def update(self, store: Store, new_ids: list[str], config: Config) -> None:
        claim_of = store.claim_of()
        events: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for sid, article, start, end, text, dates in store.dated_statements():
            for d in dates:
                events[(d["value"], d.get("precision", "day"))].append(
                    {
                        "id": sid,
                        "article": article,
                        "start": start,
                        "end": end,
                        "text": text,
                        "date": d,
                    }
                )
        entries = []
        for seq, ((value, precision), items) in enumerate(sorted(events.items())):
            ids, kinds = [], {}
            for it in items:
                cid = claim_of.get(it["id"])
                key = cid or it["id"]
                if key not in ids:
                    ids.append(key)
                    kinds[key] = "claim" if cid else "statement"
            label_item = min(items, key=lambda it: len(it["text"]))
            entries.append(
                TimelineEntry(
                    seq=seq,
                    date=value,
                    precision=precision,
                    label=_label(label_item["text"]),
                    claims=ids,
                    ids=kinds,
                    articles=sorted({it["article"] for it in items}),
                    statements=[
                        {
                            "id": it["id"],
                            "article": it["article"],
                            "start": it["start"],
                            "end": it["end"],
                            "text": it["text"],
                            "date_text": it["date"]["text"],
                            "date_start": it["date"]["start"],
                            "date_end": it["date"]["end"],
                            **(
                                {"date_basis": it["date"]["basis"]}
                                if it["date"].get("basis")
                                else {}
                            ),
                        }
                        for it in items
                    ],
                )
            )
        store.replace_timeline(entries)
