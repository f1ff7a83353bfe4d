"""Install smoke test: the installed `rashomon` reads one tiny file of every input format.

    scripts/smoke_install.sh            (builds a fresh venv from pyproject.toml, then runs this)
    python scripts/smoke_install.py RASHOMON_EXECUTABLE

Catches what an editable install in a developer's venv hides: a dependency pyproject.toml
does not declare (HTML input once failed on every fresh install, because trafilatura's
justext needs `lxml_html_clean`, a separate package since lxml 5.2). Exit code 1, naming
each format that failed.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

BODY = (
    "The harbour authority said on Monday that the new pier would open in June. "
    "Officials said 120 workers had finished the foundations. "
    "Critics said the cost had doubled since the plan was approved."
)

FILES: dict[str, bytes] = {
    "text.txt": f"Harbour pier to open\n\n{BODY}\n".encode(),
    "page.html": (
        "<!doctype html><html><head><title>Pier</title></head><body><article>"
        f"<h1>Harbour pier to open</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>"
    ).encode(),
    "feed.rss": (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title>'
        f"<item><title>Harbour pier</title><description>{BODY}</description>"
        "<pubDate>Mon, 03 Mar 2025 10:00:00 GMT</pubDate></item></channel></rss>"
    ).encode(),
    "feed.atom": (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Courier</title>'
        f"<entry><title>Pier opens</title><summary>{BODY} Atom.</summary>"
        "<updated>2025-03-04T10:00:00Z</updated></entry></feed>"
    ).encode(),
    "record.json": json.dumps({"title": "Pier (JSON)", "maintext": BODY + " JSON."}).encode(),
    "records.jsonl": (
        json.dumps({"title": "Pier (JSONL)", "maintext": BODY + " JSONL."}) + "\n"
    ).encode(),
    "text.txt.gz": gzip.compress(f"Pier news\n\n{BODY} Gzip.\n".encode()),
}


def main(rashomon: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        for name, data in FILES.items():
            (inputs / name).write_bytes(data)
        r = subprocess.run(
            [rashomon, "build", str(inputs), "--out", str(Path(tmp) / "out"), "--json"],
            capture_output=True,
            text=True,
            cwd=tmp,  # not the source tree: the installed package must be the one imported
        )
        if r.returncode != 0:
            print(f"smoke test: rashomon build failed ({r.returncode}): {r.stderr[-2000:]}")
            return 1
        failed = json.loads(r.stdout)["failed_inputs"]
        dossier = json.loads((Path(tmp) / "out" / "dossier.json").read_text("utf-8"))
    read = {a["source"].rsplit("/", 1)[-1].split("#")[0] for a in dossier["articles"]}
    missing = sorted(set(FILES) - read)
    for f in failed:
        print(f"smoke test: {f['source']}: {f['reason']}")
    for name in missing:
        print(f"smoke test: no article from {name}")
    print(f"smoke test: {len(FILES) - len(missing)} of {len(FILES)} input formats read")
    return 1 if failed or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "rashomon"))
