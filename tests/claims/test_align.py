"""Alignment on hand-built statements with a deterministic fake embedder (no model needed)."""

from __future__ import annotations

import hashlib

import numpy as np

from rashomon.claims.align import AlignClaims, claim_id, group, link_statements, make_items
from rashomon.config import Config
from rashomon.record import Article, Quantity, Statement
from rashomon.store.sqlite import Store


class TopicEmbedder:
    """Vectors from a topic word in the text: same topic -> nearly the same direction."""

    name = "fake-topics"
    dim = 16
    topics = ["plane", "drone", "letter", "factory", "treaty", "weather", "football", "music"]

    def embed(self, texts, kind="query"):
        out = []
        for t in texts:
            v = np.zeros(self.dim, dtype=np.float32)
            for i, w in enumerate(self.topics):
                if w in t:
                    v[i] = 1.0
            h = hashlib.sha256(t.encode()).digest()
            v += np.frombuffer(h[: self.dim], dtype=np.uint8).astype(np.float32) / 2550.0
            out.append(v / np.linalg.norm(v))
        return np.vstack(out)


def _st(aid: str, text: str, start: int = 0, **kw) -> Statement:
    return Statement(id=f"{aid}-{start}", start=start, end=start + len(text), text=text, **kw)


def _article(aid: str, texts: list[str], **per) -> Article:
    sts, pos, full = [], 0, []
    for t in texts:
        sts.append(_st(aid, t, pos, **per.get(t, {})))
        full.append(t)
        pos += len(t) + 1
    return Article(
        id=aid,
        source=f"{aid}.txt",
        raw=" ".join(full),
        text=" ".join(full),
        language="en",
        statements=sts,
    )


A = _article(
    "a1",
    [
        "A Zorblax plane landed in Quentaro on Sunday",
        "The Vexmoor drone has a range of 1000 km",
        "Officials discussed the weather at length today",
        "The band played music in the square",
    ],
    **{
        "The Vexmoor drone has a range of 1000 km": {
            "quantities": [Quantity(value=1000, text="1000 km", start=0, end=7, unit="km")]
        }
    },
)
B = _article(
    "b1",
    [
        "Quentaro airport saw a Zorblax plane land",
        "Vexmoor drone range reaches 1000 km, documents say",
        "Football fans celebrated in the stadium",
        "The treaty was ratified by parliament",
    ],
    **{
        "Vexmoor drone range reaches 1000 km, documents say": {
            "quantities": [Quantity(value=1000, text="1000 km", start=0, end=7, unit="km")]
        }
    },
)


def test_links_same_assertion_across_articles_only():
    items = make_items([A, B])
    vecs = TopicEmbedder().embed([it.statement.text for it in items])
    links = link_statements(items, vecs, Config().claims)
    pairs = {(items[ln.a].statement.text[:12], items[ln.b].statement.text[:12]) for ln in links}
    assert ("A Zorblax pl", "Quentaro air") in pairs
    assert ("The Vexmoor ", "Vexmoor dron") in pairs
    # no link between unrelated statements, never within one article
    assert all(items[ln.a].article != items[ln.b].article for ln in links)
    assert len(links) == 2
    drone = next(ln for ln in links if "drone" in items[ln.a].statement.text)
    assert any("same quantity: 1000 km" in r for r in drone.reasons)


def test_group_keeps_one_statement_per_article():
    items = make_items([A, B])
    vecs = TopicEmbedder().embed([it.statement.text for it in items])
    groups = group(items, link_statements(items, vecs, Config().claims))
    for g in groups:
        assert len({items[m].article for m in g}) == len(g)
    assert sum(len(g) for g in groups) == len(items)  # single-source claims kept


def test_claim_id_is_stable_from_content():
    assert claim_id(["x", "y"]) == claim_id(["y", "x"]) != claim_id(["x"])


def test_align_step_writes_claims_and_is_rerunnable(tmp_path):
    store = Store(tmp_path / "d.sqlite", write=True)
    for a in (A, B):
        store.upsert_article(a)
    step = AlignClaims(embedder=TopicEmbedder())
    step.update(store, [A.id, B.id], Config())
    rows = store.rows("SELECT claim, COUNT(*) n FROM claim_statements GROUP BY claim HAVING n > 1")
    assert len(rows) == 2
    total = store.rows("SELECT COUNT(*) n FROM claim_statements")[0]["n"]
    assert total == len(A.statements) + len(B.statements)
    first = sorted(r["claim"] for r in rows)
    step.update(store, [A.id, B.id], Config())  # idempotent
    again = store.rows("SELECT claim, COUNT(*) n FROM claim_statements GROUP BY claim HAVING n > 1")
    assert sorted(r["claim"] for r in again) == first
    store.close()


def test_large_scope_compares_only_neighbouring_articles():
    from rashomon.claims.align import article_pairs

    cfg = Config().claims
    arts = [A, B] + [
        _article(f"x{i}", [f"Filler {i} about music number {i}", f"Another {i} football line {i}"])
        for i in range(6)
    ]
    items = make_items(arts)
    vecs = TopicEmbedder().embed([it.statement.text for it in items])
    ids = list(dict.fromkeys(it.article for it in items))
    assert len(article_pairs(items, vecs, ids, cfg)) == len(ids) * (len(ids) - 1) // 2
    cfg.all_pairs_articles, cfg.knn = 2, 1
    few = article_pairs(items, vecs, ids, cfg)
    assert (0, 1) in few  # A and B share their plane and drone statements
    assert len(few) < len(ids) * (len(ids) - 1) // 2


def test_oversized_scope_without_stories_keeps_single_source_claims(tmp_path, caplog):
    store = Store(tmp_path / "d.sqlite", write=True)
    for a in (A, B):
        store.upsert_article(a)
    cfg = Config()
    cfg.claims.max_scope_articles = 1
    AlignClaims(embedder=TopicEmbedder()).update(store, [A.id, B.id], cfg)
    n = store.rows("SELECT COUNT(DISTINCT claim) n FROM claim_statements")[0]["n"]
    assert n == len(A.statements) + len(B.statements)
    assert "max_scope_articles" in caplog.text
    store.close()


class CountingTopics(TopicEmbedder):
    def __init__(self):
        self.texts: list[str] = []

    def embed(self, texts, kind="query"):
        self.texts += texts
        return super().embed(texts, kind)


def _story(store, sid, ids):
    with store.atomic() as c:
        c.execute(
            "INSERT OR REPLACE INTO stories(id, label, extras) VALUES (?, ?, '{}')", (sid, sid)
        )
        c.executemany(
            "INSERT OR REPLACE INTO story_articles(article, story, extras) VALUES (?, ?, '{}')",
            [(i, sid) for i in ids],
        )


def test_alignment_runs_story_by_story_and_embeds_no_singleton(tmp_path, monkeypatch):
    monkeypatch.setenv("RASHOMON_CACHE_DIR", "off")
    lone = _article("lone", ["Russia sent a plane to Caracas on Monday", "A drone flew away"])
    store = Store(tmp_path / "d.sqlite", write=True)
    for a in (A, B, lone):
        store.upsert_article(a)
    _story(store, "s1", [A.id, B.id])
    _story(store, "s2", [lone.id])
    emb = CountingTopics()
    AlignClaims(embedder=emb).update(store, [A.id, B.id, lone.id], Config())
    assert emb.texts and not set(emb.texts) & {st.text for st in lone.statements}
    multi = store.rows("SELECT claim FROM claim_statements GROUP BY claim HAVING COUNT(*) > 1")
    assert len(multi) == 2  # A and B still aligned within their story
    total = store.rows("SELECT COUNT(*) n FROM claim_statements")[0]["n"]
    assert total == len(A.statements) + len(B.statements) + len(lone.statements)
    emb.texts.clear()
    AlignClaims(embedder=emb).update(store, [], Config())  # nothing new: nothing embedded
    assert emb.texts == []
    store.close()


def test_growing_scope_replaces_old_discrepancies(tmp_path):
    import json

    store = Store(tmp_path / "d.sqlite", write=True)
    store.upsert_article(A)
    with store.atomic() as c:
        c.execute(
            "INSERT INTO discrepancies(id, kind, claim, statements, explanation, confidence, extras)"
            " VALUES ('old', 'numeric_mismatch', NULL, ?, 'stale', 0.9, '{\"scope\": \"x\"}')",
            (json.dumps([{"article": A.id, "start": 0, "end": 5, "text": A.text[:5]}]),),
        )
    store.upsert_article(B)
    AlignClaims(embedder=TopicEmbedder()).update(store, [B.id], Config())
    assert not store.rows("SELECT id FROM discrepancies WHERE id = 'old'")
    store.close()


def test_context_vectors_mix_in_the_sentence_of_a_clause():
    from rashomon.claims.align import context_vectors
    from rashomon.models.embeddings import EmbeddingCache

    text = "The plane landed, and the drone flew away"
    clause = Statement(id="c", start=0, end=16, text=text[:16], sentence=(0, len(text)))
    whole = Statement(id="w", start=0, end=len(text), text=text, sentence=(0, len(text)))
    art = Article(
        id="z", source="z", raw=text, text=text, language="en", statements=[clause, whole]
    )
    items = make_items([art])
    cache = EmbeddingCache(TopicEmbedder(), None)
    vecs = cache.embed([it.statement.text for it in items])
    assert context_vectors(items, vecs, {"z": text}, cache, 0.0) is vecs
    mixed = context_vectors(items, vecs, {"z": text}, cache, 0.5)
    assert np.allclose(mixed[1], vecs[1])  # a whole sentence is unchanged
    assert not np.allclose(mixed[0], vecs[0])
    assert abs(float(np.linalg.norm(mixed[0])) - 1.0) < 1e-5
