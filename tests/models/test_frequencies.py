"""rashomon.models.frequencies: wordfreq's tables held compactly give the very same numbers."""

from __future__ import annotations

import pytest
import wordfreq

from rashomon.models.frequencies import CompactFrequencies, install


def _as_dict(pack: list[list[str]]) -> dict[str, float]:
    """What wordfreq's own get_frequency_dict builds from a list."""
    out = {}
    for index, bucket in enumerate(pack):
        for word in bucket:
            out[word] = wordfreq.cB_to_freq(-index)
    return out


def test_same_numbers_as_the_dict_on_tricky_words():
    # "kp" (two Latin-1 bytes) and "火" (one 2-byte character) share their internal bytes;
    # "twice" is listed in two bands (the dict keeps the later one)
    pack = [[], ["the", "kp", "twice"], ["火", "d0"], ["つ", "twice", ""], ["e0", "づ"]]
    table, ref = CompactFrequencies(pack), _as_dict(pack)
    assert len(table) == 10
    for word, freq in ref.items():
        assert word in table
        assert table[word] == freq
        assert table.get(word) == freq
    for word in ("k", "p", "kpx", "火火", "THE", "twic"):
        assert word not in table
        assert table.get(word) is None
        assert table.get(word, 0.0) == 0.0
        with pytest.raises(KeyError):
            table[word]


def test_installed_wordfreq_reads_the_same_frequencies():
    install()
    pack = wordfreq.get_frequency_list("fa")  # read afresh: not kept
    assert wordfreq.get_frequency_list("fa") is not pack
    ref = _as_dict(pack)
    table = wordfreq.get_frequency_dict("fa")
    assert isinstance(table, CompactFrequencies)
    assert wordfreq.get_frequency_dict("fa") is table
    assert all(table.get(w) == f for w, f in ref.items())
    assert wordfreq.zipf_frequency("ایران", "fa") > 5
    assert wordfreq.zipf_frequency("qqqzzzxx", "fa") == 0


def test_installed_wordlist_yields_the_same_words_and_top_lists():
    install()
    pack = wordfreq.get_frequency_list("fa")
    every = [w for bucket in pack for w in bucket]
    assert list(wordfreq.iter_wordlist("fa")) == every  # past the kept head too
    wordfreq.top_n_list.cache_clear()
    assert wordfreq.top_n_list("fa", 150) == [
        w for w in every if not wordfreq.has_digit_sequence(w)
    ][:150]
    with pytest.raises(LookupError):
        wordfreq.iter_wordlist("qqq-unknown")
