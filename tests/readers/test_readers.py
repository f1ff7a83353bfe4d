"""Readers: every format, detected from content, with failures reported by name."""

import gzip
import io
import json
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from rashomon.config import Config, LimitsConfig
from rashomon.pipeline.base import run_stages
from rashomon.pipeline.default import article_stages
from rashomon.readers import ReadFailure, read_inputs
from rashomon.readers.detect import sniff

FIX = Path(__file__).parent / "fixtures"


def read(*paths, limits=None):
    failures: list[ReadFailure] = []
    arts = list(read_inputs([str(p) for p in paths], limits or LimitsConfig(), failures.append))
    return arts, failures


def clean(arts):
    return list(run_stages(article_stages(Config()), arts))


def test_html_page_main_text_and_metadata():
    [a], failures = read(FIX / "page_ar.html")
    assert failures == []
    assert a.title == "وزارة الزراعة تعلن خطة لتوسيع زراعة القمح"
    assert a.outlet == "صحيفة النهار الجديد"
    assert a.published == date(2024, 3, 14)
    assert a.extras["reader.url"].startswith("https://www.nahar-example.com/")
    [a] = clean([a])
    assert a.language == "ar"
    assert "الرئيسية" not in a.text and "أخبار ذات صلة" not in a.text  # nav and aside gone
    assert "300 مليون دولار" in a.text
    assert a.text.split("\n")[0] == a.title


def test_rss_entries_are_articles_and_their_html_is_cleaned():
    arts, failures = read(FIX / "feed_fa.xml")
    assert failures == []
    assert [a.source for a in arts] == [
        f"{FIX / 'feed_fa.xml'}#entry1",
        f"{FIX / 'feed_fa.xml'}#entry2",
    ]
    fa, en = clean(arts)
    assert fa.title == "افزایش بارش‌ها در استان‌های شمالی"
    assert fa.outlet == "خبرگزاری نمونه"
    assert fa.published == date(2024, 3, 5)
    assert fa.extras["reader.url"] == "https://news-example.ir/news/1001"
    assert "<p>" not in fa.text and "تلگرام" not in fa.text
    assert [r.reason for r in fa.removed] == ["social-media or app prompt"]
    assert (fa.language, en.language) == ("fa", "en")
    assert "\u200c" in fa.text  # ZWNJ kept in the display text


def test_atom_entry_with_escaped_html_content():
    [a], failures = read(FIX / "feed_ru.atom")
    assert failures == []
    [a] = clean([a])
    assert a.language == "ru"
    assert a.published == date(2024, 4, 2)
    assert "Читайте также" not in a.text and "Пробки" not in a.text
    assert "200 тысяч пассажиров" in a.text


def test_jsonl_news_please_fields_and_a_broken_line_named():
    path = FIX / "records.jsonl"
    arts, failures = read(path)
    assert [a.source for a in arts] == [f"{path}#L1", f"{path}#L3", f"{path}#L5"]
    assert len(failures) == 1
    assert failures[0].source == f"{path}#L2"
    assert "broken JSON on line 2" in failures[0].reason
    ar, zh, fa = clean(arts)
    assert (ar.title, ar.outlet, ar.published) == (
        "الفيضانات تغمر قرى في شمال البلاد",
        "akhbar-example.com",
        date(2024, 2, 11),
    )
    assert "تابعونا" not in ar.text
    assert (ar.language, zh.language, fa.language) == ("ar", "zh", "fa")
    assert fa.published is None
    assert zh.extras["reader.language"] == "zh"


def test_gzip_of_each_format_and_detection_without_extensions(tmp_path):
    for name in ("page_ar.html", "feed_fa.xml", "records.jsonl"):
        data = (FIX / name).read_bytes()
        (tmp_path / (name + ".gz")).write_bytes(gzip.compress(data))
        (tmp_path / name.split(".")[0]).write_bytes(data)  # no extension at all
    arts, failures = read(tmp_path)
    by_file: dict[str, int] = {}
    for a in arts:
        key = Path(a.source.split("#")[0]).name
        by_file[key] = by_file.get(key, 0) + 1
    assert by_file == {
        "feed_fa.xml.gz": 2,
        "feed_fa": 2,
        "page_ar.html.gz": 1,
        "page_ar": 1,
        "records.jsonl.gz": 3,
        "records": 3,
    }
    assert {Path(f.source.split("#")[0]).name for f in failures} == {"records", "records.jsonl.gz"}


def test_json_array_and_single_object(tmp_path):
    recs = [
        {"title": "Titel eins", "maintext": "Die Regierung hat am Montag neue Regeln beschlossen."},
        {"maintext": ""},
    ]
    (tmp_path / "a.json").write_text(json.dumps(recs), "utf-8")
    (tmp_path / "b.json").write_text(json.dumps(recs[0]), "utf-8")
    arts, failures = read(tmp_path / "a.json", tmp_path / "b.json")
    assert [a.source for a in arts] == [f"{tmp_path / 'a.json'}#1", str(tmp_path / "b.json")]
    assert [f.source for f in failures] == [f"{tmp_path / 'a.json'}#2"]
    assert "none of the fields" in failures[0].reason


def test_stdin_dash(monkeypatch):
    data = (FIX / "records.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    arts, failures = read("-")
    assert [a.source for a in arts] == ["-#L1", "-#L3", "-#L5"]
    assert [f.source for f in failures] == ["-#L2"]


def test_legacy_arabic_codepage_text(tmp_path):
    text = "وزارة الزراعة تعلن خطة لتوسيع زراعة القمح في المناطق الشمالية هذا العام.\n" * 3
    (tmp_path / "old.txt").write_bytes(text.encode("cp1256"))
    [a], failures = read(tmp_path / "old.txt")
    assert failures == []
    assert a.raw == text
    assert a.repairs == ["decoded as cp1256 (not valid UTF-8)"]


def test_mojibake_in_jsonl_is_repaired(tmp_path):
    broken = "Horoz dövüşü yaptıran zanlılar yakalandı".encode().decode("latin-1")
    rec = {"title": broken, "maintext": "Polis operasyonunda 5 kişi gözaltına alındı."}
    (tmp_path / "x.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n", "utf-8")
    [a], _ = read(tmp_path / "x.jsonl")
    assert a.title == "Horoz dövüşü yaptıran zanlılar yakalandı"
    assert a.repairs and a.repairs[0].startswith(
        "mojibake: utf-8 text that had been read as latin-1"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"\x1f\x8b\x08\x00garbage", "gzip"),
        (b'{"title": "x", ', "not valid JSON"),
        (b"<rss><channel><title>t</title></channel></rss>", "feed without entries"),
    ],
)
def test_unreadable_inputs_are_reported_by_name(tmp_path, content, reason):
    p = tmp_path / "bad.input"
    p.write_bytes(content)
    arts, failures = read(p)
    assert arts == []
    assert failures and failures[0].source == str(p)
    assert reason in failures[0].reason


def test_gzip_bomb_is_refused(tmp_path):
    p = tmp_path / "big.txt.gz"
    p.write_bytes(gzip.compress(b"a" * 200_000))
    arts, failures = read(p, limits=LimitsConfig(max_file_bytes=50_000))
    assert arts == []
    assert "decompresses to more than the limit" in failures[0].reason


def test_truncated_gzip_is_reported(tmp_path):
    data = gzip.compress(("سطر " * 5000).encode())
    (tmp_path / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    arts, failures = read(tmp_path / "cut.txt.gz")
    assert arts == [] and "gzip" in failures[0].reason


def test_sniff_ignores_misleading_extensions():
    assert sniff("<!DOCTYPE html><html><body><p>x</p></body></html>", "page.txt") == "html"
    assert sniff('{"title": "x"}', "notes.txt") == "json"
    assert sniff("<?xml version='1.0'?><rss version='2.0'>", "feed") == "feed"
    assert sniff("Plain text that mentions <b> once.", "a.html") == "text"
    assert sniff("Just words.", "a.txt") == "text"


def test_seeds_read_as_text(seeds_dir, tmp_path):
    shutil.copy(next(seeds_dir.glob("*.txt")), tmp_path / "seed.txt")
    [a], failures = read(tmp_path / "seed.txt")
    assert failures == [] and a.repairs == []


def test_article_over_the_size_limit_is_cut_and_recorded(tmp_path):
    line = "وزارة الزراعة تعلن خطة لتوسيع زراعة القمح في المناطق الشمالية هذا العام."
    (tmp_path / "long.txt").write_text("\n".join(f"{line} {i}" for i in range(40)), "utf-8")
    [a], failures = read(tmp_path / "long.txt", limits=LimitsConfig(max_article_chars=1000))
    assert failures == []
    assert len(a.raw) <= 1000 and a.raw.split("\n")[-1].startswith(line)
    [note] = a.removed
    assert "max_article_chars" in note.reason and note.line == a.raw.count("\n") + 1
    [a] = clean([a])
    assert [r.reason[:27] for r in a.removed] == ["over the article size limit"]
