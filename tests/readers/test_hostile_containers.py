"""Regressions (issue 16, defect 4): JSON Lines and gzip lost good records silently.

A JSONL file whose first line was broken was refused whole; one deeply nested line
(RecursionError) lost the whole file; a multi-member gzip kept only its first member; trailing
garbage after the gzip data was ignored without a word."""

import gzip
import json

from rashomon.config import LimitsConfig
from rashomon.readers import ReadFailure, read_inputs

BODY = "The council said on Monday that the bridge would reopen in June after repairs."


def read(*paths, limits=None):
    failures: list[ReadFailure] = []
    arts = list(read_inputs([str(p) for p in paths], limits or LimitsConfig(), failures.append))
    return arts, failures


def records(n: int) -> list[str]:
    return [json.dumps({"title": f"Story {i}", "maintext": f"{BODY} Item {i}."}) for i in range(n)]


def test_jsonl_broken_first_line_keeps_the_rest(tmp_path):
    lines = records(50)
    cut = lines[0][17:]  # a crawl dump cut at its start
    for name in ("dump.jsonl", "dump.txt", "dump"):
        p = tmp_path / name
        p.write_text("\n".join([cut, *lines[1:]]) + "\n", encoding="utf-8")
        arts, failures = read(p)
        assert len(arts) == 49, name
        assert [f.source.rsplit("#", 1)[1] for f in failures] == ["L1"], name
        assert "broken JSON on line 1" in failures[0].reason


def test_jsonl_deeply_nested_line_is_one_failure(tmp_path):
    lines = records(3)
    deep = "[" * 100_000 + "]" * 100_000
    for at in (0, 1):
        p = tmp_path / f"deep{at}.jsonl"
        p.write_text("\n".join([*lines[:at], deep, *lines[at:]]), encoding="utf-8")
        arts, failures = read(p)
        assert len(arts) == 3
        assert len(failures) == 1 and failures[0].source.endswith(f"#L{at + 1}")
        assert "nested too deeply" in failures[0].reason


def test_json_deeply_nested_file_is_named(tmp_path):
    p = tmp_path / "deep.json"
    p.write_text('{"a":' * 100_000 + "1" + "}" * 100_000, encoding="utf-8")
    arts, failures = read(p)
    assert arts == [] and len(failures) == 1 and "nested too deeply" in failures[0].reason


def test_gzip_every_member_is_read(tmp_path):
    lines = records(4)
    p = tmp_path / "two.jsonl.gz"
    p.write_bytes(
        gzip.compress(("\n".join(lines[:2]) + "\n").encode())
        + gzip.compress(("\n".join(lines[2:]) + "\n").encode())
    )
    arts, failures = read(p)
    assert failures == [] and len(arts) == 4


def test_gzip_members_share_one_size_cap(tmp_path):
    part = ("x" * 600 + "\n").encode()
    p = tmp_path / "many.txt.gz"
    p.write_bytes(b"".join(gzip.compress(part) for _ in range(4)))  # 4 x 601 bytes
    arts, failures = read(p, limits=LimitsConfig(max_file_bytes=2000))
    assert arts == [] and "decompresses to more than the limit" in failures[0].reason
    arts, failures = read(p, limits=LimitsConfig(max_file_bytes=3000))
    assert failures == [] and len(arts) == 1


def test_gzip_trailing_garbage_is_recorded(tmp_path):
    p = tmp_path / "tail.txt.gz"
    p.write_bytes(gzip.compress(f"{BODY}\n".encode()) + b"this is not gzip at all")
    [a], failures = read(p)
    assert failures == []
    assert any("bytes after the gzip data ignored" in r for r in a.repairs)
    p.write_bytes(gzip.compress(f"{BODY}\n".encode()) + b"\0" * 512)  # padding: quiet
    [a], _ = read(p)
    assert not any("after the gzip data" in r for r in a.repairs)
