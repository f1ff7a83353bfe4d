"""Generated hostile inputs (issue 16): cases tried, crashes, hangs, files lost.

Used by `eval/robustness.py --generated N`. Two passes over the same N files
(`tests/robustness/fuzzcases.py`, from the seed):
- each file alone, in process, through the readers and the per-article stages, under a
  per-case alarm: an exception other than a named refusal is a crash, a case past the alarm
  a hang;
- all files at once through the real `rashomon build` in a child process (corpus steps off:
  they are tested elsewhere, and at N = 1,000 they would dominate the time): every file must
  end as an article or a failure naming it (else it is lost), the process must end with exit
  code 0, and dossier.json must parse with a strict JSON parser.
"""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

from rashomon.config import Config
from rashomon.pipeline.base import run_stages
from rashomon.pipeline.default import article_stages
from rashomon.readers.base import ReadError, ReadFailure
from rashomon.readers.detect import read_file
from tests.robustness.fuzzcases import make_cases
from tests.robustness.harness import _names, run_build, stored_sources

LIGHT = "[stories]\nenabled = false\n[entities]\nenabled = false\n[claims]\nenabled = false\n"
HANG_SECONDS = 20


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Hang


def one_case(path: Path, config: Config) -> str:
    """'article', 'refused', 'crash: ...' or 'hang' for one file, in process."""
    failures: list[ReadFailure] = []
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_SECONDS)
    try:
        articles = read_file(str(path), path.read_bytes(), config.limits, failures.append)
        done = list(run_stages(article_stages(config), articles))
        errors = [e for a in done for e in a.errors]
        if errors:
            return f"crash: stage error {errors[0][:100]}"
        for a in done:
            a.raw.encode("utf-8")
        return "article" if done else "refused"
    except ReadError:
        return "refused"
    except _Hang:
        return "hang"
    except Exception as exc:  # noqa: BLE001 - what the eval counts
        return f"crash: {type(exc).__name__}: {str(exc)[:100]}"
    finally:
        signal.alarm(0)


def strict_json(path: Path) -> bool:
    def refuse(name: str) -> None:
        raise ValueError(name)

    try:
        json.loads(path.read_text("utf-8"), parse_constant=refuse)
    except (OSError, ValueError):
        return False
    return True


def generated(tmp: Path, seed: int, n: int) -> dict:
    cases = make_cases(tmp / "generated" / "in", n, seed)
    config = Config.from_dict(
        {
            "stories": {"enabled": False},
            "entities": {"enabled": False},
            "claims": {"enabled": False},
        }
    )
    t0 = time.monotonic()
    alone = {str(p): one_case(p, config) for p in cases}
    alone_seconds = time.monotonic() - t0
    light = tmp / "generated" / "light.toml"
    light.write_text(LIGHT)
    out = tmp / "generated" / "out"
    r = run_build([str(cases[0].parent), "--out", str(out), "-c", str(light), "--json"])
    failed = r.summary.get("failed_inputs", [])
    sources = stored_sources(out / "dossier.sqlite")
    lost = [
        str(p)
        for p in cases
        if not any(_names(s, str(p)) for s in sources)
        and not any(_names(f["source"], str(p)) for f in failed)
    ]
    crashes = [f"{p}: {o}" for p, o in alone.items() if o.startswith("crash")]
    crashes += [
        f"{f['source']}: {f['reason']}" for f in failed if f["reason"].startswith("reader error")
    ]
    return {
        "cases_tried": n,
        "articles_alone": sum(o == "article" for o in alone.values()),
        "refused_by_name_alone": sum(o == "refused" for o in alone.values()),
        "crashes": len(crashes),
        "hangs": sum(o == "hang" for o in alone.values()),
        "files_lost": len(lost),
        "batch_exit_code": r.returncode,
        "batch_timed_out": r.timed_out,
        "batch_traceback": r.traceback,
        "dossier_json_strict": strict_json(out / "dossier.json"),
        "seconds_alone": round(alone_seconds, 1),
        "seconds_batch": round(r.seconds, 1),
        "first_crashes": crashes[:5],
        "first_lost": lost[:5],
    }
