import pytest

from rashomon.claims.extract.polarity import find_hedges, find_polarity_cues, polarity_of


def _pol(text, language=None):
    cues = find_polarity_cues(text, language=language)
    return polarity_of(cues), [c.text for c in cues]


@pytest.mark.parametrize(
    ("text", "language", "polarity", "cues"),
    [
        ("نفى الوزير أن تكون بلاده طلبت مساعدة", "ar", "negative", ["نفى"]),
        ("البلاد لم تطلب أي مساعدة", "ar", "negative", ["لم"]),
        ("لا يزال الوضع متوترا", "ar", "positive", []),  # "لا يزال" = still
        ("لم ينف المتحدث التقرير", "ar", "positive", ["لم", "ينف"]),  # a negated denial
        ("دولت هیچ درخواستی نکرده است", "fa", "negative", ["هیچ", "نکرده"]),
        ("سخنگو این خبر را تکذیب کرد", "fa", "negative", ["تکذیب"]),
        ("این گزارش نشان می‌دهد", "fa", "positive", []),  # نشان is not ن + شان
        ("قیمت نفت بالا رفت", "fa", "positive", []),  # Persian نفت (oil) is not Arabic نفت
        ("The ministry did not ask for help", "en", "negative", ["not"]),
        ("Officials denied the report", "en", "negative", ["denied"]),
        ("not only ships but planes", "en", "positive", []),
    ],
)
def test_polarity(text, language, polarity, cues):
    assert _pol(text, language) == (polarity, cues)


@pytest.mark.parametrize(
    ("text", "language", "hedges"),
    [
        ("أنظمة رادار وربما صواريخ", "ar", ["ربما"]),
        ("وقد يكون الهدف", "ar", ["قد"]),  # قد + imperfect = may
        ("وقد أعلن الوزير", "ar", []),  # قد + perfect = has
        ("و احتمالاً موشک", "fa", ["احتمالاً"]),
        ("به احتمال زیاد می‌رسد", "fa", ["به احتمال زیاد"]),
        ("The drones were reportedly sent", "en", ["reportedly"]),
        ("It is almost certainly a test", "en", ["almost certainly"]),
        ("Talks may resume on May 5", "en", ["may"]),
    ],
)
def test_hedges(text, language, hedges):
    assert [h.text for h in find_hedges(text, language=language)] == hedges
