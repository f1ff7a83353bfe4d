"""Regressions (issue 16, defect 5): three stray bytes in 4.6 kB of Arabic cost the whole
article ("not valid UTF-8 ... no other encoding fits"); UTF-16 without a BOM was "binary"."""

import pytest

from rashomon.cleaning.encoding import decode_bytes
from rashomon.config import LimitsConfig
from rashomon.readers import ReadFailure, read_inputs

ARABIC = "قال المتحدث باسم الوزارة إن الاجتماع انتهى دون اتفاق على موعد جديد للمحادثات. " * 30
LATIN = "The minister said the talks ended without agreement on a new date. " * 30


def read(path):
    failures: list[ReadFailure] = []
    arts = list(read_inputs([str(path)], LimitsConfig(), failures.append))
    return arts, failures


def test_damaged_utf8_stray_bytes_are_replaced_and_recorded(tmp_path):
    data = bytearray(ARABIC.encode("utf-8"))
    for at in (101, 2001, 4001):  # three stray bytes inside multi-byte characters
        data[at] = 0xFF
    assert len(data) > 4000
    text, repairs = decode_bytes(bytes(data))
    assert 1 <= text.count("\ufffd") <= 6
    assert any("replaced with U+FFFD" in r for r in repairs)
    p = tmp_path / "a.txt"
    p.write_bytes(bytes(data))
    [a], failures = read(p)
    assert failures == [] and any("U+FFFD" in r for r in a.repairs)


@pytest.mark.parametrize(
    "text, encoding", [("Le café est fermé à midi, dit-il. " * 5, "cp1252"), (ARABIC, "cp1256")]
)
def test_damaged_utf8_legacy_encodings_still_detected(text, encoding):
    out, repairs = decode_bytes(text.encode(encoding))
    assert out == text and "\ufffd" not in out
    assert any("not valid UTF-8" in r for r in repairs)


@pytest.mark.parametrize(
    "text", [ARABIC, LATIN, "新华社北京电 外交部发言人表示 会谈没有达成协议\n" * 20]
)
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded(tmp_path, text, encoding):
    p = tmp_path / "a.txt"
    p.write_bytes(text.encode(encoding))
    [a], failures = read(p)
    assert failures == []
    assert a.raw.strip() == text.strip()
    assert any("no byte-order mark" in r for r in a.repairs)


def test_utf16_without_bom_random_bytes_stay_binary(tmp_path):
    import random

    rng = random.Random(16)
    p = tmp_path / "noise.bin"
    p.write_bytes(bytes(rng.randrange(256) for _ in range(20_000)) + b"\0" * 10)
    arts, failures = read(p)
    assert arts == [] and failures[0].reason == "not a text file (binary content)"
