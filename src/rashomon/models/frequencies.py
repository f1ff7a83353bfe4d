"""wordfreq's frequency tables, held compactly: the same numbers in ~1/10 of the memory.

`wordfreq.get_frequency_dict(lang)` builds, and keeps for the life of the process, a dict of
every word of the language's list (620,000 Arabic, 710,000 Russian words...): ~40 MiB a
language, ~430 MiB for the ten languages of a real multilingual pile, in the build's process
and again in each worker of its pool; `get_frequency_list` keeps the lists it was read from.
`install()` replaces both in the `wordfreq` module (every `zipf_frequency`, `word_frequency`
and `top_n_list` call, ours or wordfreq's own, looks them up there at call time):
- the dict becomes a `CompactFrequencies`: the words' 64-bit hashes, sorted, with their
  frequency band (10 bytes a word); a look-up returns the very float the dict held (the same
  `cB_to_freq` of the same band; of a word listed twice, the later band, as the dict kept);
- the lists are read when asked for and not kept (`top_n_list` keeps its own small results);
  the first `HEAD_WORDS` of each list read are kept, and `iter_wordlist` (`top_n_list`'s
  source) yields them without reading the list again.

A word whose hash equals a listed word's would read that word's frequency: with 64-bit
hashes, about one chance in 10^13 a look-up. Hashes are Python's own `hash` of the string:
a table is built and read in one process (the pool's workers are forked with its seed; a
spawned process builds its own).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from itertools import chain, islice

import numpy as np

_INSTALLED = False


class CompactFrequencies:
    """A read-only stand-in for wordfreq's {word: frequency} dict of one language."""

    __slots__ = ("_keys", "_bands", "_freqs")

    def __init__(self, pack: list[list[str]]) -> None:
        from wordfreq import cB_to_freq

        n = sum(len(b) for b in pack)
        keys = np.empty(n, dtype=np.int64)
        bands = np.empty(n, dtype=np.uint16)
        k = 0
        for index, bucket in enumerate(pack):
            # _hash of each word, without a Python call a word
            keys[k : k + len(bucket)] = list(map(hash, zip(bucket, map(len, bucket), strict=True)))
            bands[k : k + len(bucket)] = index
            k += len(bucket)
        # stable: of equal hashes (a word listed twice) the later band stays last
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._bands = bands[order]
        self._freqs = [cB_to_freq(-i) for i in range(len(pack))]

    def _band(self, word: str) -> int:
        if not isinstance(word, str):
            return -1
        h = _hash(word)
        i = int(self._keys.searchsorted(h, side="right")) - 1
        if i < 0 or int(self._keys[i]) != h:
            return -1
        return int(self._bands[i])

    def __contains__(self, word: object) -> bool:
        return self._band(word) >= 0  # type: ignore[arg-type]

    def __getitem__(self, word: str) -> float:
        b = self._band(word)
        if b < 0:
            raise KeyError(word)
        return self._freqs[b]

    def get(self, word: str, default: float | None = None) -> float | None:
        b = self._band(word)
        return default if b < 0 else self._freqs[b]

    def __len__(self) -> int:
        return len(self._keys)


def _hash(word: str) -> int:
    """Python's hash of the string and its length: `hash` alone reads the string's internal
    bytes, so "kp" (two Latin-1 bytes) and "火" (one 2-byte character) hash alike."""
    return hash((word, len(word)))


# The words of a list's first bands, kept when its table is built: `iter_wordlist` yields
# them without reading the list again (`top_n_list`, the stopwords: ~150 words of a language
# whose look-ups come with them).
HEAD_WORDS = 2000
_heads: dict[str, list[str]] = {}


def _keep_head(path: str, pack: list[list[str]]) -> None:
    _heads[path] = list(islice(chain.from_iterable(pack), HEAD_WORDS))


def install() -> None:
    """Make `wordfreq` hold its tables compactly in this process (idempotent)."""
    global _INSTALLED
    if _INSTALLED:
        return
    import wordfreq

    read_list = wordfreq.get_frequency_list.__wrapped__  # wordfreq's reader, uncached

    def get_frequency_list(lang: str, wordlist: str = "best", match_cutoff: None = None):
        return read_list(lang, wordlist, match_cutoff)

    @cache
    def get_frequency_dict(lang: str, wordlist: str = "best", match_cutoff: None = None):
        return _table(_file(lang, wordlist))

    @cache
    def _file(lang: str, wordlist: str) -> str:
        import langcodes

        available = wordfreq.available_languages(wordlist)
        best, _ = langcodes.closest_match(lang, list(available), max_distance=60)
        if best == "und":
            raise LookupError(f"No wordlist {wordlist!r} available for language {lang!r}")
        return available[best]

    @cache
    def _table(path: str) -> CompactFrequencies:
        pack = wordfreq.read_cBpack(path)
        _keep_head(path, pack)
        return CompactFrequencies(pack)

    def iter_wordlist(lang: str, wordlist: str = "best") -> Iterator[str]:
        # wordfreq's reads the whole list (get_frequency_list): the same words, from the
        # kept head while it lasts
        path = _file(lang, wordlist)
        if path not in _heads:
            _table(path)  # a language's top words go with its look-ups: one read for both
        head = _heads[path]
        if len(head) < HEAD_WORDS:
            return iter(head)

        def rest() -> Iterator[str]:  # read only if asked for
            yield from islice(chain.from_iterable(read_list(lang, wordlist)), len(head), None)

        return chain(head, rest())

    wordfreq.get_frequency_list = get_frequency_list
    wordfreq.get_frequency_dict = get_frequency_dict
    wordfreq.iter_wordlist = iter_wordlist
    _INSTALLED = True
