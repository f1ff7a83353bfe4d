"""The user-level cache of transliterated Latin names (`entities.namecache`)."""

from __future__ import annotations

import logging
from collections import Counter

from rashomon.entities import latinpool, namecache

JOBS = [
    ("زخرفوبيلا", None, Counter(), Counter({"زخرفوبيلا": 2})),
    ("بوتين", None, Counter({"Putin": 1}), Counter({"بوتين": 1})),  # a Latin mention: fast
    ("كرمنتاشو", None, Counter(), Counter({"كرمنتاشو": 1, "والكرمنتاشو": 1})),
]


def _counting(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = latinpool.latin_name

    def counted(name, *args):
        calls.append(name)
        return real(name, *args)

    monkeypatch.setattr(latinpool, "latin_name", counted)
    return calls


def test_a_transliterated_name_is_computed_once(monkeypatch, tmp_path):
    monkeypatch.setenv("RASHOMON_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("RASHOMON_STAGE_CACHE", raising=False)
    calls = _counting(monkeypatch)
    first = latinpool.latin_names(JOBS)
    assert calls == [j[0] for j in JOBS] and (tmp_path / namecache.FILE_NAME).exists()
    assert first[0].guessed and first[1].source == "text"
    calls.clear()
    assert latinpool.latin_names(JOBS) == first
    assert calls == ["بوتين"]  # the quick one is not cached, the transliterated ones are read
    # another spelling set is another job; the transliterator's setting is part of the key
    other = [(JOBS[0][0], None, Counter(), Counter({JOBS[0][0]: 1}))]
    latinpool.latin_names(other)
    assert calls[-1] == JOBS[0][0]
    plain = namecache.version()
    monkeypatch.setenv("RASHOMON_TRANSLIT_NN", "1")
    assert namecache.version() != plain


def test_caches_off_or_a_broken_file_transliterate_again(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("RASHOMON_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("RASHOMON_STAGE_CACHE", "off")
    calls = _counting(monkeypatch)
    want = latinpool.latin_names(JOBS)
    assert not (tmp_path / namecache.FILE_NAME).exists()
    monkeypatch.delenv("RASHOMON_STAGE_CACHE")
    (tmp_path / namecache.FILE_NAME).write_bytes(b"not a database at all" * 100)
    calls.clear()
    with caplog.at_level(logging.WARNING):
        assert latinpool.latin_names(JOBS) == want
    assert len(calls) == len(JOBS) and "name cache" in caplog.text
    # a value this code cannot read is a miss, not an error
    (tmp_path / namecache.FILE_NAME).unlink()
    latinpool.latin_names(JOBS)
    cache = namecache.open_cache()
    key = namecache.job_key(namecache.version(), JOBS[0])
    cache.file.set_value(key, "[1, 2")
    cache.close()
    calls.clear()
    assert latinpool.latin_names(JOBS) == want and calls == [JOBS[0][0], "بوتين"]


def test_the_file_keeps_the_names_used_last(monkeypatch, tmp_path):
    from rashomon.entities.latin import LatinName

    monkeypatch.setattr(namecache, "MAX_ROWS", 3)
    cache = namecache.NameCache(tmp_path / namecache.FILE_NAME)
    name = LatinName("Zakhrafubila", "transliteration", 0.3)
    cache.put({"a": name, "b": None})
    cache.put({"c": name})
    cache.put({}, used=["a"])  # a hit: used now
    cache.put({"d": name})
    assert cache.get(["a", "b", "c", "d"]) == {"a": name, "c": name, "d": name}
    cache.close()
