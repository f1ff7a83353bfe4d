"""A build reads each article's text from the store at most twice (issue 12).

`Store.text_reads` counts, per article, every read of its text from SQLite; `keep_texts()`
keeps the texts read (and the ones the stages just produced) for the rest of the build.
"""

from __future__ import annotations

from rashomon.build import add, build
from rashomon.record import Article
from rashomon.store.sqlite import Store


def _article(text: str) -> Article:
    return Article.from_raw(text, f"{text[:5]}.txt", text=text, language="en")


def test_text_reads_are_counted_and_kept(tmp_path):
    a, b = _article("One text here."), _article("Another text there.")
    with Store(tmp_path / "s.sqlite", write=True) as store:
        store.upsert_article(a)
        store.upsert_article(b)
        assert store.load_article(a.id).text == a.text
        assert store.article_texts([a.id, b.id]) == {a.id: a.text, b.id: b.text}
        assert store.text_reads == {a.id: 2, b.id: 1}
        with store.keep_texts():
            store.article_texts([b.id])  # read once more, then kept
            for _ in range(3):
                assert store.load_article(b.id, raw=False).text == b.text
                assert store.article_texts([a.id, b.id])[a.id] == a.text
        assert store.text_reads == {a.id: 3, b.id: 2}


def test_build_and_add_read_each_text_at_most_twice(tmp_path, seeds_dir):
    files = [str(p) for p in sorted(seeds_dir.iterdir())][:3]
    out = tmp_path / "d"
    first = build(files[:-1], out)
    # the texts the stages just produced are kept: the corpus steps and outputs read none
    assert max(first.text_reads.values(), default=0) <= 2
    second = add(out, files[-1:])
    # the story step needs every older text: read once, then kept for the other steps and
    # the outputs
    assert second.text_reads, "the old articles' texts must have been read"
    assert max(second.text_reads.values()) <= 2
    assert len(second.text_reads) == len(files) - 1
