"""A synthetic dossier of many articles in many stories, for the tests of large outputs
(streamed dossier.json, the bounded report, per-story exports).

Stories have sizes cycling through `SIZES` (largest first in the cycle), so a dossier of N
articles has stories of every size. Each article makes three statements: one shared by its
whole story (a claim made by several sources), one whose figure differs between the first two
articles of the story (a numeric discrepancy), one of its own (a single-source claim); it
mentions an entity and cites it; the first two articles of a story reuse each other's text.
The text is made up here. One story's label carries markup (escaping is checked on it).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from rashomon.record import (
    Article,
    Mention,
    Paragraph,
    Quantity,
    Sentence,
    Statement,
    content_id,
)
from rashomon.store.sqlite import Store

SIZES = [9, 6, 4, 3, 2, 2, 1, 1]
HOSTILE_LABEL = "<script>window.__pwned=7</script> story"


def _article(i: int, k: int, j: int) -> tuple[Article, list[tuple[str, Statement]]]:
    """Article `i` (the `j`-th of story `k`) and its (claim id, statement) pairs."""
    works = f"Harbour Works {k % 5}"
    budget = 3 * k + (j == 1)  # the second article of a story gives another figure
    lines = [
        f"The council of Town {k} approved {100 + k} new homes on the river bank.",
        f"Officials said the budget reached {budget} million dollars in report {i}.",
        f"A spokesman for {works} told reporters that work on site {i} starts soon.",
    ]
    text = "\n".join(lines)
    a = Article(
        id=content_id(f"many {i} {k}\n{text}"),
        source=f"inputs/many-{i:05d}.txt",
        raw=text,
        text=text,
        language=["en", "fr", "ar"][k % 3],
        outlet=f"Outlet {i % 17}",
        title=f"Town {k}: report {i}",
        published=date(2025, 1, 1) + timedelta(days=i % 90),
    )
    pos = 0
    statements = []
    for n, line in enumerate(lines):
        a.paragraphs.append(Paragraph(start=pos, end=pos + len(line), language=a.language))
        a.sentences.append(Sentence(start=pos, end=pos + len(line), paragraph=n))
        claim = [f"c{k}-homes", f"c{k}-budget", f"c{k}-{i}-site"][n]
        quantities = []
        if n == 1:
            q = text.index(f"{budget} million dollars")
            quantities.append(
                Quantity(
                    value=budget * 1e6,
                    text=f"{budget} million dollars",
                    start=q,
                    end=q + len(f"{budget} million dollars"),
                    unit="dollar",
                )
            )
        statements.append(
            (
                claim,
                Statement(
                    id=f"st{i:05d}-{n}",
                    start=pos,
                    end=pos + len(line),
                    text=line,
                    quantities=quantities,
                ),
            )
        )
        pos += len(line) + 1
    m = text.index(works)
    a.mentions.append(
        Mention(start=m, end=m + len(works), text=works, type="organisation", key=works.casefold())
    )
    a.mentions[0].entity = f"e-works-{k % 5}"
    a.statements = [s for _c, s in statements]
    return a, statements


def build_many(path: Path, n: int) -> dict[str, list[str]]:
    """Write a dossier of `n` articles into a new store at `path`; returns story id -> article
    ids (largest story first)."""
    stories: dict[str, list[str]] = {}
    with Store(path, write=True) as store:
        run = store.begin_run("synthetic-many", {})
        claims: dict[str, list[Statement]] = {}
        spans: dict[str, list[dict]] = {}
        works: dict[str, tuple[int, int, str]] = {}  # article -> cited span
        i = k = 0
        while i < n:
            size = min(SIZES[k % len(SIZES)], n - i)
            sid = f"story-{k:04d}"
            stories[sid] = []
            for j in range(size):
                a, pairs = _article(i, k, j)
                store.upsert_article(a, run)
                stories[sid].append(a.id)
                for claim, st in pairs:
                    claims.setdefault(claim, []).append(st)
                    if claim.endswith("-budget"):
                        spans.setdefault(sid, []).append(
                            {"article": a.id, "start": st.start, "end": st.end, "text": st.text}
                        )
                m = a.mentions[0]
                works[a.id] = (m.start, m.end, m.text)
                i += 1
            k += 1
        c = store.conn
        with store.atomic():
            for e in range(5):
                c.execute(
                    "INSERT INTO entities(id, name, type, latin) VALUES (?,?,?,?)",
                    (f"e-works-{e}", f"Harbour Works {e}", "organisation", None),
                )
            for n_story, (sid, ids) in enumerate(stories.items()):
                label = HOSTILE_LABEL if n_story == 0 else f"Homes in town {sid}"
                c.execute(
                    "INSERT INTO stories(id, label, extras) VALUES (?,?,?)",
                    (sid, label, json.dumps({"size": len(ids)})),
                )
                for aid in ids:
                    c.execute("INSERT INTO story_articles(article, story) VALUES (?,?)", (aid, sid))
                if len(ids) >= 2:
                    c.execute(
                        "INSERT INTO discrepancies(id, kind, claim, statements, explanation, "
                        "confidence) VALUES (?,?,?,?,?,?)",
                        (
                            f"d-{sid}",
                            "numeric_mismatch",
                            f"c{int(sid[6:])}-budget",
                            json.dumps(spans[sid][:2]),
                            "the budgets differ",
                            0.8,
                        ),
                    )
                    c.execute(
                        "INSERT INTO reuse(a, b, kind, score) VALUES (?,?,?,?)",
                        (ids[0], ids[1], "near_duplicate", 0.9),
                    )
                c.execute(
                    "INSERT INTO timeline(seq, date, precision, label, claims) VALUES (?,?,?,?,?)",
                    (
                        n_story,
                        f"2025-02-{n_story % 28 + 1:02d}",
                        "day",
                        f"Homes approved in {sid}",
                        json.dumps([f"c{int(sid[6:])}-homes"]),
                    ),
                )
            for claim, sts in claims.items():
                c.execute("INSERT INTO claims(id, label) VALUES (?,?)", (claim, None))
                for st in sts:
                    c.execute(
                        "INSERT INTO claim_statements(statement, claim) VALUES (?,?)",
                        (st.id, claim),
                    )
            for aid, (s, e, text) in works.items():
                c.execute(
                    'INSERT INTO cited_sources(article, seq, name, start, "end", text) '
                    "VALUES (?,?,?,?,?,?)",
                    (aid, 0, text, s, e, text),
                )
        store.finish_run(run, "ok")
    return stories
