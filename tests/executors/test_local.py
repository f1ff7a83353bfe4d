"""The local executor's process pool: order kept, and the first chunk runs in this process so
the workers (forked after it) inherit what the stages loaded."""

import os

from rashomon.executors.local import LocalExecutor
from rashomon.pipeline.base import ArticleStage
from rashomon.record import Article


class Mark(ArticleStage):
    """Writes into each article the process that handled it and how many articles that
    process had handled before (a stand-in for a model loaded on first use)."""

    name = "mark"

    def __init__(self) -> None:
        self.seen = 0

    def process(self, article: Article) -> Article:
        self.seen += 1
        article.title = f"{os.getpid()}:{self.seen}"
        return article


def _articles(n):
    return [Article.from_raw(f"text {i}", f"a{i}.txt", text=f"text {i}") for i in range(n)]


def test_pool_keeps_order_and_runs_the_first_chunk_here():
    arts = _articles(23)
    stage = Mark()
    out = list(LocalExecutor([stage], workers=2, chunk_size=4).run(arts))
    assert [a.text for a in out] == [a.text for a in arts]
    pids = [a.title.split(":")[0] for a in out]
    assert set(pids[:4]) == {str(os.getpid())}
    assert str(os.getpid()) not in pids[4:]
    # the workers were forked from this process after the first chunk: their copy of the
    # stage had counted it (the state a stage loads is inherited, not loaded again)
    if os.name == "posix":
        assert all(int(a.title.split(":")[1]) > 4 for a in out[4:])
    assert stage.seen == 4


def test_pool_gives_what_one_process_gives():
    one = list(LocalExecutor([Mark()], workers=1, chunk_size=4).run(_articles(10)))
    two = list(LocalExecutor([Mark()], workers=2, chunk_size=4).run(_articles(10)))
    assert [a.id for a in one] == [a.id for a in two]
