"""Each language's words live in its pack: few Arabic-script words stay in Python code."""

from __future__ import annotations

import importlib.util
from pathlib import Path

EVAL = Path(__file__).resolve().parents[2] / "eval" / "lang_words.py"
# Arabic-script words left in string literals outside lang/ (grammar glue such as the clitics
# و ف ب ل inside regular expressions, single letters of script tables). The bound is
# 300; lower this number when words move out, never raise it.
BOUND = 300


def _counter():
    spec = importlib.util.spec_from_file_location("lang_words", EVAL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_arabic_script_words_stay_in_the_language_packs() -> None:
    counts = _counter().count()
    assert sum(counts.values()) < BOUND, sorted(counts.items(), key=lambda kv: -kv[1])[:10]


def test_the_counter_skips_comments_and_docstrings(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text('"""قال في"""\n# قال\nX = ["قال", "في", "said"]\n', encoding="utf-8")
    assert _counter().count_file(path) == 2
