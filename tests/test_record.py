from rashomon.record import Article, content_id


def test_content_id_ignores_line_endings_and_outer_space():
    assert content_id("سلام\r\nدنیا\n") == content_id("سلام\nدنیا")
    assert content_id("a") != content_id("b")


def test_article_from_raw_gets_stable_id():
    a = Article.from_raw("نص المقال", "x.txt")
    b = Article.from_raw("نص المقال", "other/path.txt")
    assert a.id == b.id and a.id.startswith("a") and len(a.id) == 17
    assert a.to_dict()["published"] is None
