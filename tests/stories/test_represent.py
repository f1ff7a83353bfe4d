from rashomon.record import Article
from rashomon.stories.represent import head_text, profile


def _art(text: str, title: str | None = None) -> Article:
    return Article(id="a1", source="t", raw=text, text=text, title=title)


def test_head_skips_short_furniture_lines_after_the_title():
    lead = "Ein langer erster Absatz des Berichts, der mehr als sechzig Zeichen lang ist, na klar."
    text = "Der Titel\nTeilen\n0 Kommentare\n" + lead + "\nZweiter Absatz, ebenfalls lang genug, um als Prosa zu gelten, ja."
    head = head_text(_art(text, title="Der Titel"), lead_chars=1000)
    assert head.split("\n") == [
        "Der Titel",
        lead,
        "Zweiter Absatz, ebenfalls lang genug, um als Prosa zu gelten, ja.",
    ]


def test_head_of_a_one_line_text_is_its_start_cut_at_a_word():
    text = "word " * 400
    head = head_text(_art(text.strip(), title=text.strip()), lead_chars=100)
    assert len(head) <= 100 and head.endswith("word") and not head.endswith(" ")


def test_head_falls_back_to_text_when_no_line_reads_as_prose():
    head = head_text(_art("Short\nlist\nitems"), lead_chars=50)
    assert "Short" in head and "items" in head


def test_profile_numbers_across_digit_scripts_and_names():
    # Arabic-Indic and Persian digits fold to ASCII through the matching key
    ar = _art("قتل ١٢٥ شخصا في عام ٢٠٢٥ وفق التقرير")
    fa = _art("۱۲۵ نفر در سال ۲۰۲۵ کشته شدند")
    assert profile(ar).numbers == profile(fa).numbers == {"125"}
    assert profile(ar).years == profile(fa).years == {"2025"}
    en = _art("The report says that Evgeni Malkin scored twice for Pittsburgh on Monday.")
    assert {"malkin", "pittsburgh", "evgeni", "monday"} <= profile(en).names
    assert "the" not in profile(en).names  # sentence-initial capital is not a name
