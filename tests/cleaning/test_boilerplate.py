"""Boilerplate removal on small texts in several scripts (written for these tests)."""

from rashomon.cleaning.basic import BasicClean
from rashomon.cleaning.boilerplate import (
    CAPTION,
    COPYRIGHT,
    DATE_LINE,
    DATE_PREFIX,
    DATELINE,
    DUP_BLOCK,
    DUP_LINE,
    PROMO,
    READING_TIME,
    RECURRING,
    SOCIAL,
    TAIL,
    UI_LINE,
    Boilerplate,
)
from rashomon.record import Article

AR_BODY = [
    "أعلنت وزارة الصحة، الأحد، عن افتتاح ثلاثة مستشفيات جديدة في المناطق الريفية لتحسين الخدمات.",
    "وقال الوزير إن المشروع كلف نحو 200 مليون دولار، وإن العمل سيبدأ الشهر المقبل في المستشفى الأول.",
    "وأضاف أن الحكومة تخطط لتوظيف ألف طبيب وممرض خلال العامين المقبلين لتشغيل المستشفيات الجديدة.",
]
FA_BODY = [
    "وزارت بهداشت روز یکشنبه از افتتاح سه بیمارستان جدید در مناطق روستایی کشور خبر داد.",
    "وزیر بهداشت گفت هزینه این طرح حدود ۲۰۰ میلیون دلار بوده و کار از ماه آینده آغاز می‌شود.",
    "او افزود دولت قصد دارد در دو سال آینده هزار پزشک و پرستار برای این بیمارستان‌ها استخدام کند.",
]


def clean(*texts: str, **kw) -> list[Article]:
    arts = [Article.from_raw(t, f"t{i}") for i, t in enumerate(texts)]
    arts = list(BasicClean().run(arts))
    return list(Boilerplate(**kw).run(arts))


def reasons(article: Article) -> dict[str, str]:
    return {r.text: r.reason for r in article.removed}


def test_arabic_page_furniture_goes_body_stays():
    raw = "\n".join(
        [
            "افتتاح ثلاثة مستشفيات جديدة في الأرياف",
            "القاهرة - الخبر اليومي",
            "آخر تحديث: الأحد 2 نوفمبر 2025",
            "مشاركة طباعة 5 تعليقات",
            "وقت القراءة 3 دقائق",
            AR_BODY[0],
            "وزير الصحة خلال زيارته أحد المستشفيات - رويترز",
            AR_BODY[1],
            "تابعونا على تويتر",
            AR_BODY[2],
            "أخبار ذات صلة",
            "ارتفاع أسعار الدواء في الصيدليات",
            "جميع الحقوق محفوظة © 2025 الخبر اليومي",
        ]
    )
    [a] = clean(raw)
    got = reasons(a)
    assert got == {
        "القاهرة - الخبر اليومي": DATELINE,
        "آخر تحديث: الأحد 2 نوفمبر 2025": DATE_LINE,
        "مشاركة طباعة 5 تعليقات": UI_LINE,
        "وقت القراءة 3 دقائق": READING_TIME,
        "وزير الصحة خلال زيارته أحد المستشفيات - رويترز": CAPTION,
        "تابعونا على تويتر": SOCIAL,
        "أخبار ذات صلة": TAIL,
        "ارتفاع أسعار الدواء في الصيدليات": TAIL,
        "جميع الحقوق محفوظة © 2025 الخبر اليومي": COPYRIGHT,
    }
    assert a.text.split("\n") == ["افتتاح ثلاثة مستشفيات جديدة في الأرياف", *AR_BODY]
    # line numbers point into raw
    assert all(raw.split("\n")[r.line] == r.text for r in a.removed)


def test_persian_repeated_block_kept_once_and_promo_line():
    raw = "\n".join(
        [
            "سه بیمارستان جدید در روستاها",
            FA_BODY[0],
            "اینترنت آزاد با خبرگزاری نمونه",
            FA_BODY[1],
            "خبرگزاری نمونه را در اینستاگرام دنبال کنید",
            FA_BODY[2],
            "",
            FA_BODY[1],
            FA_BODY[2],
        ]
    )
    [a] = clean(raw)
    got = reasons(a)
    assert got["خبرگزاری نمونه را در اینستاگرام دنبال کنید"] == SOCIAL
    assert got["اینترنت آزاد با خبرگزاری نمونه"] == PROMO
    assert [r.line for r in a.removed if r.reason == DUP_BLOCK] == [7, 8]
    assert a.text.split("\n") == ["سه بیمارستان جدید در روستاها", *FA_BODY]


def test_body_sentences_with_ui_words_are_kept():
    body = [
        "Shares in the company fell 5% after it said comments by the regulator would delay the deal.",
        "Follow the money, the senator told reporters on Tuesday, and you will find the answer.",
        "Related talks in Geneva will resume next week, officials said.",
        "Комментарии к закону опубликовали в четверг, сообщило министерство.",
    ]
    [a] = clean("\n".join(["Markets slide on regulator comments", *body]))
    assert a.removed == []


def test_short_subheadings_are_kept():
    raw = "\n".join(
        ["Title of the story", AR_BODY[0], "ردود فعل دولية", AR_BODY[1], "Die Reaktion"]
    )
    [a] = clean(raw)
    assert a.removed == []


def test_adjacent_duplicate_caption_and_multiscript_ui():
    raw = "\n".join(
        [
            "标题",
            "Share this article",
            "分享到：微信 微博",
            "Поделиться",
            "Yorumlar",
            AR_BODY[0],
            AR_BODY[0],
        ]
    )
    [a] = clean(raw)
    got = reasons(a)
    assert got["Share this article"] == UI_LINE
    assert got["分享到：微信 微博"] == SOCIAL
    assert got["Поделиться"] == UI_LINE
    assert got["Yorumlar"] == UI_LINE
    assert got[AR_BODY[0]] == DUP_LINE
    assert a.text.count(AR_BODY[0]) == 1


def test_date_label_glued_to_first_line_is_cut():
    raw = " date 2025-11-01 " + AR_BODY[1]
    [a] = clean(raw)
    assert a.text == AR_BODY[1]
    assert [(r.text, r.reason, r.line) for r in a.removed] == [("date 2025-11-01", DATE_PREFIX, 0)]


def test_date_lines_between_body_paragraphs_are_content():
    raw = "\n".join(
        ["برنامه هفته", *FA_BODY[:2], "الأحد 10 شوال 1436", "الإثنين 11 شوال 1436", FA_BODY[2]]
    )
    [a] = clean(raw)
    assert a.removed == []


def test_recurring_lines_across_the_batch():
    bar = "Latest from Example Daily"
    texts = [f"Headline {i}\n{bar}\n{AR_BODY[i % 3]}\n{FA_BODY[i % 3]}" for i in range(4)]
    arts = clean(*texts, recurring_min_articles=3)
    for a in arts:
        assert [r.reason for r in a.removed] == [f"{RECURRING} (4 articles)"]
        assert bar not in a.text
    # below the threshold nothing goes
    arts = clean(*texts[:2], recurring_min_articles=3)
    assert all(a.removed == [] for a in arts)


def test_wire_story_sentences_shared_by_outlets_are_not_recurring():
    texts = [f"Headline {i}\n{AR_BODY[0]}\n{AR_BODY[1]}" for i in range(4)]
    assert all(a.removed == [] for a in clean(*texts))
