"""Count Arabic-script words spelled in Python code outside the language packs.

    python eval/lang_words.py [--top N]

Each language's words belong in `src/rashomon/lang/<iso>/` (STYLE.md point 8a). This counts
the Arabic-script words in string literals of `src/rashomon/**/*.py` outside `lang/`;
comments and docstrings (documentation, with examples) are not counted. tests/lang keeps the
total under a bound.
"""

from __future__ import annotations

import argparse
import ast
import io
import sys
import tokenize
from pathlib import Path

import regex

SRC = Path(__file__).resolve().parents[1] / "src" / "rashomon"
_WORD = regex.compile(r"[\p{Script=Arabic}\u200c]*\p{L}[\p{Script=Arabic}\u200c]*")
_ARABIC_LETTER = regex.compile(r"\p{Script=Arabic}")


def _docstring_lines(source: str) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                lines.update(range(body[0].lineno, (body[0].end_lineno or body[0].lineno) + 1))
    return lines


def count_file(path: Path) -> int:
    """Arabic-script words in the string literals of one file (docstrings left out)."""
    source = path.read_text("utf-8")
    skip = _docstring_lines(source)
    n = 0
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.STRING and tok.start[0] not in skip:
            n += sum(1 for w in _WORD.findall(tok.string) if _ARABIC_LETTER.search(w))
    return n


def count(root: Path = SRC) -> dict[str, int]:
    """{file relative to src/rashomon: words} for every file with any, outside lang/."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] == "lang":
            continue
        n = count_file(path)
        if n:
            out[str(rel)] = n
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args()
    counts = count()
    for rel, n in sorted(counts.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"{n:5d}  {rel}")
    print(f"{sum(counts.values()):5d}  total in {len(counts)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
