from rashomon.language.segment import split_paragraphs, split_sentences


def _cut(text):
    return [text[s:e] for s, e in split_sentences(text)]


def test_persian_missing_space_after_full_stop():
    assert _cut("این کار را کرده است.طبق اسناد داخلی") == [
        "این کار را کرده است.",
        "طبق اسناد داخلی",
    ]


def test_arabic_question_mark_and_quotes():
    assert _cut('هل وصلت؟ قال: "نعم." ثم غادر') == ["هل وصلت؟", 'قال: "نعم."', "ثم غادر"]


def test_decimals_and_initials_are_not_ends():
    assert _cut("U.S. officials said 3.5 million left. Then more.") == [
        "U.S. officials said 3.5 million left.",
        "Then more.",
    ]


def test_paragraph_offsets_are_exact():
    text = "first line\n  second line  \n\nthird"
    spans = split_paragraphs(text)
    assert [text[s:e] for s, e in spans] == ["first line", "second line", "third"]


def test_abbreviations_and_lowercase_continuations_are_not_ends():
    assert _cut("Dr. Smith met Prof. Jones on Jan. 5. They talked.") == [
        "Dr. Smith met Prof. Jones on Jan. 5.",
        "They talked.",
    ]
    assert _cut("He said approx. five left. Then more.") == [
        "He said approx. five left.",
        "Then more.",
    ]
    assert _cut("Er kam z.B. gestern. Dann ging er.") == ["Er kam z.B. gestern.", "Dann ging er."]


def test_arabic_comma_and_semicolon_do_not_split_and_offsets_are_exact():
    text = "  قال الوزير، في مؤتمر صحافي؛ إن الخطة جاهزة. وأضاف: «سنبدأ غداً»!  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "قال الوزير، في مؤتمر صحافي؛ إن الخطة جاهزة.",
        "وأضاف: «سنبدأ غداً»!",
    ]
