import json
from datetime import date

from rashomon.claims.extract import ExtractStatements
from rashomon.config import Config
from rashomon.language.segment import Segment
from rashomon.provenance.reuse import TextReuse, copy_passages
from rashomon.record import Article
from rashomon.store.sqlite import Store

SHARED = (
    "قال الوزير في بيان رسمي اليوم إن الحكومة ستخفض الضرائب على الشركات الصغيرة بنسبة "
    "عشرة في المئة اعتبارا من الشهر المقبل."
)


def _article(text, language, outlet):
    a = Article.from_raw(
        text,
        f"{outlet}.txt",
        text=text,
        language=language,
        outlet=outlet,
        published=date(2025, 1, 1),
    )
    return ExtractStatements().process(Segment().process(a))


def test_copy_passages_have_exact_spans_across_script_variants():
    a = "في سياق آخر، " + SHARED + " وأضاف أن القرار نهائي."
    # the copy uses Persian yeh/kaf and drops a diacritic: the matching key still sees it
    b = SHARED.replace("ي", "ی").replace("ك", "ک") + " ولم يعلق أحد."
    score, passages = copy_passages(a, b)
    assert score > 0.6
    (p,) = passages
    assert p["words"] == 21
    assert (
        a[p["a_start"] : p["a_end"]] == p["a_text"] and b[p["b_start"] : p["b_end"]] == p["b_text"]
    )
    assert p["a_text"].startswith("قال الوزير") and p["a_text"].endswith("المقبل")


def test_unrelated_texts_share_nothing():
    assert copy_passages(
        "The talks failed on Monday in Geneva.", "Prices rose again in Tokyo."
    ) == (0.0, [])


def test_reuse_step_copy_and_translation(tmp_path):
    a = _article("في سياق آخر، " + SHARED, "ar", "x")
    b = _article(SHARED + " ولم يعلق أحد على القرار.", "ar", "y")
    en = _article(
        "The first point holds. The second point holds. The third point holds. "
        "The fourth point holds.",
        "en",
        "z",
    )
    fa = _article(
        "نکته اول درست است. نکته دوم درست است. نکته سوم درست است. نکته چهارم درست است.", "fa", "w"
    )
    assert len(en.statements) == len(fa.statements) == 4
    with Store(tmp_path / "r.sqlite", write=True) as store:
        for art in (a, b, en, fa):
            store.upsert_article(art)
        # four claims link the English and Persian statements one to one, in order
        for i, (s, t) in enumerate(zip(en.statements, fa.statements, strict=True)):
            store.conn.execute("INSERT INTO claims(id) VALUES (?)", (f"c{i}",))
            store.conn.executemany(
                "INSERT INTO claim_statements(statement, claim) VALUES (?, ?)",
                [(s.id, f"c{i}"), (t.id, f"c{i}")],
            )
        TextReuse().update(store, [x.id for x in (a, b, en, fa)], Config())
        rows = store.rows("SELECT a, b, kind, score, extras FROM reuse ORDER BY kind")
    assert [(r["a"], r["b"], r["kind"]) for r in rows] == [
        (a.id, b.id, "copy"),
        (en.id, fa.id, "translation"),
    ]
    copy, tr = rows
    assert copy["score"] > 0.8
    extras = json.loads(tr["extras"])
    assert tr["score"] == 1.0 and extras["aligned"] == 4 and extras["order"] == 1.0
    assert extras["passages"][0]["b_text"] == "نکته اول درست است."
