import pytest

from rashomon.claims.extract.attribution import find_sources


def _names(text, language):
    sources, continues = find_sources(text, language=language)
    return [s.name for s in sources], continues


@pytest.mark.parametrize(
    ("text", "language", "names"),
    [
        ("به گزارش خبرگزاری ایسنا، دولت بودجه را تصویب کرد", "fa", ["خبرگزاری ایسنا"]),
        ("به گفته وزیر نفت، تولید افزایش یافت", "fa", ["وزیر نفت"]),
        (
            'طبق اسناد محرمانه که به دست روزنامه "گاردین" رسیده، ارتش آماده است',
            "fa",
            ["روزنامه گاردین", "اسناد محرمانه"],
        ),
        ("وبحسب البيان، ارتفعت الصادرات", "ar", ["البيان"]),
        ("قال وزير المالية إن العجز تراجع", "ar", ["وزير المالية"]),
        (
            "نقلت وكالة الأنباء عن مصادر مطلعة أن الاتفاق قريب",
            "ar",
            ["وكالة الأنباء", "مصادر مطلعة"],
        ),
        (
            "كشفت وثائق مسربة حصلت عليها صحيفة الغارديان أن الجيش مستعد",
            "ar",
            ["صحيفة الغارديان", "وثائق مسربة"],
        ),
        ("According to Reuters, the talks failed.", "en", ["Reuters"]),
        (
            "The Guardian, citing leaked documents, reported a deal.",
            "en",
            ["The Guardian", "leaked documents"],
        ),
        (
            "Finance Minister John Smith said on Monday that taxes rise.",
            "en",
            ["Finance Minister John Smith"],
        ),
        ('"We did not ask," said Smith.', "en", ["Smith"]),
    ],
)
def test_sources(text, language, names):
    assert _names(text, language) == (names, False)


def test_detection_nouns_are_not_reporting_verbs():
    # "كشف" (detection) and "نقل" (transport) inside a phrase are nouns
    assert _names("أنظمة كشف سلبي ونظام نقل الأسلحة", "ar") == ([], False)
    assert _names("وزیر حمل و نقل ونزوئلا آمد", "fa") == ([], False)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("وأضاف أن الاتفاق قريب", "ar"),
        ("He added that talks resume.", "en"),
        ("وی افزود که مذاکرات ادامه دارد", "fa"),
    ],
)
def test_continuations(text, language):
    assert _names(text, language) == ([], True)


def test_back_reference_is_anaphora():
    sources, _ = find_sources("طبق همین گزارش، وزیر استعفا داد", language="fa")
    assert [(s.name, s.kind) for s in sources] == [("همین گزارش", "anaphora")]


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        # a quotation that opens right after the subject is not part of the source's name
        (
            'وقال اللواء شنقريحة بهذه المناسبة "باسم السيد رئيس الجمهورية، القائد الأعلى للقوات"',
            "ar",
            "اللواء شنقريحة",
        ),
        ("قال الوزير «إن الوضع خطير جدا ويحتاج إلى تدخل عاجل من المجتمع الدولي»", "ar", "الوزير"),
        # a quoted name stays whole
        ('وقالت صحيفة "واشنطن بوست" إن الحكومة طلبت المساعدة', "ar", "صحيفة واشنطن بوست"),
        ('به گزارش روزنامه "واشنگتن پست"، دولت کمک کرد.', "fa", "روزنامه واشنگتن پست"),
    ],
)
def test_a_quotation_ends_the_source_phrase_a_quoted_name_does_not(text, language, name):
    from rashomon.claims.extract.attribution import find_sources

    assert [s.name for s in find_sources(text, language=language)[0]] == [name]
