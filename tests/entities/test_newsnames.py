"""The news's name spellings (`entities.newsnames`, JRC-Names' pairs): which pairs the table
keeps, how a word's spelling is picked, and where `latin` asks it."""

from collections import Counter

from rashomon.entities import latin, newsnames


def test_only_one_word_name_pairs_whose_consonants_match_are_kept():
    assert newsnames.keep_pair("biden", "بايدن")
    assert newsnames.keep_pair("erdogan", "أردوغان")
    # translations the list holds: "blanket", "goose"; a phrase; the article; two letters
    assert not newsnames.keep_pair("blunket", "بطانية")
    assert not newsnames.keep_pair("goosen", "أوزة")
    assert not newsnames.keep_pair("trump", "ورقة رابحة")
    assert not newsnames.keep_pair("alhouthi", "الحوثي")
    assert not newsnames.keep_pair("ha", "هك")
    assert not newsnames.keep_pair("müller", "مولر")


def test_a_word_with_several_spellings_keeps_the_likeliest_one(tmp_path):
    pairs = [("johnson", "جونسون"), ("jonson", "جونسون"), ("johson", "جونسون"), ("biden", "بايدن")]
    table = newsnames.build(pairs)
    assert table == newsnames.build(list(reversed(pairs)))  # order does not matter
    assert sorted(table.values()) == [["Biden"], ["Johnson", "Johson", "Jonson"]]
    newsnames.save(table, tmp_path)
    first = (tmp_path / newsnames.DATA.name).read_bytes()
    newsnames.save(newsnames.build(pairs), tmp_path)
    assert (tmp_path / newsnames.DATA.name).read_bytes() == first  # byte-identical


def test_the_shipped_table_names_people_in_the_news():
    assert len(newsnames.table()) > 10_000
    for arabic, english in (("بايدن", "Biden"), ("أردوغان", "Erdogan"), ("خامنئي", "Khamenei")):
        name = latin.latin_name(arabic, None, Counter())
        assert (name.text, name.source) == (english, "lookup")
    # ANETAC's lookup spelt these «Paden» and its transliteration «Ardougan»; Persian letters too
    assert latin.latin_name("اردوغان", None, Counter()).text == "Erdogan"


def test_no_news_spelling_for_a_word_with_the_article_or_a_common_word():
    # the key drops the article: «النيل» (the Nile) would be Neil; «كتاب» (book) a family name
    assert latin._news_word("النيل", "ar") is None
    assert latin._news_word("كتاب", "ar") is None
    assert latin._news_word("بايدن", None) is None  # no person's spelling asked
    assert latin._news_word("بايدن", "ar") == "Biden"
    # ANETAC spells ديمتري "Dmitry", one of the news's spellings (Dimitri first): it stands
    assert "Dmitry" in newsnames.spellings("ديمتري")
    assert latin._news_word("ديمتري", "ar") is None
    assert latin.latin_name("ديمتري", None, Counter()).text == "Dmitry"
