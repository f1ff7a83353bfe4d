import csv

import pytest

from rashomon.cleaning.encoding import DecodeError, decode_bytes, repair_text

ARABIC = "ذكرت الصحيفة أن الرئيس طلب دعماً عسكرياً من روسيا والصين وإيران في رسالة خاصة. " * 3


def test_clean_text_is_untouched():
    text = "“Quoted” – and ﬁne: «نعم» ＡＢＣ"
    assert repair_text(text) == (text, [])


def test_utf8_read_as_latin1_is_repaired_and_recorded():
    broken = "مرحبا بالعالم".encode().decode("latin-1")
    fixed, repairs = repair_text(broken)
    assert fixed == "مرحبا بالعالم"
    assert repairs == ["mojibake: utf-8 text that had been read as latin-1"]


def test_turkish_mojibake_with_curly_quotes_keeps_the_quotes():
    fixed, repairs = repair_text("Horoz dÃ¶vÃ¼Å\x9fÃ¼ “yaptÄ±ran”")
    assert fixed == "Horoz dövüşü “yaptıran”"
    assert repairs


def test_cp1256_arabic_is_detected():
    text, repairs = decode_bytes(ARABIC.encode("cp1256"))
    assert text == ARABIC
    assert repairs == ["decoded as cp1256 (not valid UTF-8)"]


def test_cp1252_french_is_detected():
    src = "Ceci est un été très chaud à Paris, où les gens mangent des crêpes. " * 2
    text, repairs = decode_bytes(src.encode("cp1252"))
    assert text == src
    assert repairs == ["decoded as cp1252 (not valid UTF-8)"]


def test_utf8_bom_and_utf16_bom():
    assert decode_bytes("\ufeffسلام".encode()) == ("سلام", [])
    assert decode_bytes("سلام دنیا".encode("utf-16")) == ("سلام دنیا", ["decoded as utf-16"])


def test_bad_utf16_is_an_error_that_says_so():
    with pytest.raises(DecodeError, match="UTF-16"):
        decode_bytes(b"\xff\xfe\x00")


def test_semeval_mojibake_is_repaired(shared_data):
    """Every SemEval dev text with a UTF-8-read-as-Latin-1 signature comes out clean."""
    marks = ("Ã¶", "Ã¼", "Ã¤", "Ã©", "Ä±", "Å\x9f")
    seen = 0
    with open(shared_data / "semeval2022-task8/dev.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for key in ("text1", "text2"):
                text = row[key]
                if not any(m in text for m in marks):
                    continue
                seen += 1
                fixed, repairs = repair_text(text)
                assert repairs, text[:80]
                assert sum(fixed.count(m) for m in marks) < sum(text.count(m) for m in marks)
                assert "Ã¶" not in fixed and "Ã¼" not in fixed
    assert seen >= 5
