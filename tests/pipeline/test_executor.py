from rashomon.config import Config
from rashomon.executors.local import LocalExecutor
from rashomon.pipeline.base import ArticleStage
from rashomon.pipeline.default import article_stages
from rashomon.record import Article


class Boom(ArticleStage):
    name = "boom"

    def process(self, article):
        if "bad" in article.raw:
            raise ValueError("cannot handle this one")
        article.extras["boom.seen"] = True
        return article


def _articles(n):
    return [
        Article.from_raw(f"مقال رقم {i}. جملة ثانية." if i != 2 else "bad one", f"{i}.txt")
        for i in range(n)
    ]


def test_one_failing_article_does_not_stop_the_batch():
    out = list(LocalExecutor([Boom()], chunk_size=2).run(_articles(5)))
    assert len(out) == 5
    assert out[2].errors and "cannot handle" in out[2].errors[0]
    assert all(a.extras.get("boom.seen") for i, a in enumerate(out) if i != 2)


def test_plain_function_is_a_stage():
    def upper(articles):
        for a in articles:
            a.text = a.raw.upper()
            yield a

    out = list(LocalExecutor([upper]).run([Article.from_raw("abc", "x")]))
    assert out[0].text == "ABC"


def test_process_pool_gives_the_same_result_in_order():
    stages = article_stages(Config())
    local = list(LocalExecutor(stages, workers=1, chunk_size=3).run(_articles(7)))
    pooled = list(LocalExecutor(stages, workers=2, chunk_size=3).run(_articles(7)))
    assert [a.to_dict() for a in local] == [a.to_dict() for a in pooled]
