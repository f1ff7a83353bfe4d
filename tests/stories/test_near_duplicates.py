from rashomon.cleaning.normalize import matching_key
from rashomon.config import Config, StoriesConfig
from rashomon.record import Article
from rashomon.stories.near_duplicates import NearDuplicates, find_near_duplicates, shingles
from rashomon.store.sqlite import Store

BASE = (
    "The central bank raised its key interest rate by half a point on Thursday, the third "
    "increase this year, citing inflation that has stayed above target for eighteen months "
    "while wages and rents kept climbing in the capital and in the provinces alike."
)


def test_shingles_of_short_text_is_one_shingle():
    assert shingles("a b", 5) == ["a b"]
    assert shingles("", 5) == []
    assert shingles("a b c d e f", 5) == ["a b c d e", "b c d e f"]


def test_near_copy_found_across_outlets_and_scored_by_jaccard():
    copy = BASE.replace("alike.", "alike, officials said.")
    other = "A completely different text about football results and the weather in spring time."
    rows = [
        {"id": "a", "key": matching_key(BASE)},
        {"id": "b", "key": matching_key(copy)},
        {"id": "c", "key": matching_key(other)},
    ]
    cfg = StoriesConfig()
    pairs = find_near_duplicates(rows, {"b", "c"}, cfg)
    assert [(a, b) for a, b, _ in pairs] == [("a", "b")]
    assert 0.8 <= pairs[0][2] < 1.0
    # deterministic: same seed, same estimate
    assert find_near_duplicates(rows, {"b", "c"}, cfg) == pairs
    # old-old pairs are not re-checked
    assert find_near_duplicates(rows, {"c"}, cfg) == []


def test_step_records_relations_and_deletes_nothing(tmp_path):
    with Store(tmp_path / "d.sqlite", write=True) as store:
        for i, (text, outlet) in enumerate([(BASE, "x.com"), (BASE + " Update.", "y.org")]):
            art = Article(id=f"a{i}", source=f"s{i}", raw=text, text=text, outlet=outlet)
            store.upsert_article(art)
        NearDuplicates().update(store, ["a0", "a1"], Config())
        rows = store.rows("SELECT a, b, kind, score, extras FROM reuse")
        assert store.count_articles() == 2
    assert len(rows) == 1
    assert rows[0]["a"] == "a0" and rows[0]["b"] == "a1" and rows[0]["kind"] == "near_duplicate"
    assert rows[0]["score"] >= 0.8
    assert '"same_outlet": false' in rows[0]["extras"]
