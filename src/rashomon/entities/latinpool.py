"""The Latin names of many entities at once, on two cores where there are two.

`entities.link` names every entity it links (`latin.latin_name`). Most names are quick (the
gazetteer, a Latin mention, the ANETAC lookup); an Arabic-script name with none of these goes
through the transliteration model (`translit`, ~5-10 CPU-ms a word, several words a name), and
the corpus steps otherwise run on one core while the other idles. With `PARALLEL_MIN` such
names or more and two cores (`models.cache.cpu_threads`: `RASHOMON_THREADS=1` keeps one), a
process forked for the purpose names every other one of them while this process names the
rest. `latin_name` is a pure function of its arguments (its caches change no answer), so the
names are the same either way, in the same order. A transliterated name is computed once per
code version: the user-level name cache (`entities.namecache`) keeps the answers.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from rashomon.entities.keys import ARABIC_SCRIPT
from rashomon.entities.latin import JOINED_ZIPF, LatinName, latin_name

log = logging.getLogger(__name__)

# (display name, the gazetteer's Latin name or None, Latin mentions, all spellings)
Job = tuple[str, str | None, Counter, Counter]

PARALLEL_MIN = 200  # names to transliterate before a second process is worth its start

_JOBS: list[Job] = []  # what the forked process reads (inherited, not sent)


def _name(job: Job) -> LatinName | None:
    name, gazetteer_latin, latin_mentions, spellings = job
    return latin_name(name, gazetteer_latin, latin_mentions, spellings)


def _names_at(indices: list[int]) -> list[LatinName | None]:
    """In the forked process: the names of these jobs."""
    return [_name(_JOBS[k]) for k in indices]


def _load_before_fork() -> None:
    """What both processes read, loaded once here: the forked one inherits it."""
    from rashomon.entities import names, people, seq2seq, transducer, translit
    from rashomon.entities.doc import zipf
    from rashomon.entities.gazetteer import load

    load()
    names.table()
    people.table()
    transducer.shipped()
    if translit.neural_enabled():
        seq2seq.shipped()
    translit._reranker()
    translit._english(translit.ATTESTED_ZIPF)
    translit._english(JOINED_ZIPF)
    zipf("the", "en")


def _transliterated(job: Job) -> bool:
    """Whether `latin_name` may need the transliteration model for this job."""
    name, gazetteer_latin, latin_mentions, _ = job
    return not gazetteer_latin and not latin_mentions and bool(ARABIC_SCRIPT.search(name))


def latin_names(jobs: list[Job]) -> list[LatinName | None]:
    """`latin_name` of each job, in order; the transliterated ones read from and kept in the
    user-level name cache (`entities.namecache`) when caches are on."""
    from rashomon.entities import namecache

    cache = namecache.open_cache()
    if cache is None:
        return _latin_names(jobs)
    try:
        ver = namecache.version()
        keys = {
            k: namecache.job_key(ver, job) for k, job in enumerate(jobs) if _transliterated(job)
        }
        hit = cache.get(sorted(set(keys.values())))
        out: list[LatinName | None] = [None] * len(jobs)
        todo = []
        for k in range(len(jobs)):
            if k in keys and keys[k] in hit:
                out[k] = hit[keys[k]]
            else:
                todo.append(k)
        for k, found in zip(todo, _latin_names([jobs[k] for k in todo]), strict=True):
            out[k] = found
        cache.put({keys[k]: out[k] for k in todo if k in keys}, sorted(hit))
        return out
    finally:
        cache.close()


def _latin_names(jobs: list[Job]) -> list[LatinName | None]:
    from rashomon.models.cache import cpu_threads

    slow = [k for k, job in enumerate(jobs) if _transliterated(job)]
    theirs = slow[1::2]
    if (
        len(slow) < PARALLEL_MIN
        or cpu_threads() < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [_name(job) for job in jobs]
    _load_before_fork()
    global _JOBS
    out: list[LatinName | None] = [None] * len(jobs)
    _JOBS = jobs
    try:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            future = pool.submit(_names_at, theirs)
            mine = set(theirs)
            for k, job in enumerate(jobs):
                if k not in mine:
                    out[k] = _name(job)
            for k, found in zip(theirs, future.result(), strict=True):
                out[k] = found
    except (BrokenProcessPool, OSError) as exc:  # no second process: name them all here
        log.warning("naming entities in a second process failed (%s): naming here", exc)
        return [_name(job) for job in jobs]
    finally:
        _JOBS = []
    return out
