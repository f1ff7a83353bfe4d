from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest


def write_corpus_sample(shared_data: Path, out: Path, per_file: int) -> list[Path]:
    """The first `per_file` articles of each corpus file (Arabic, Persian, ten languages),
    one text file each: a small real multilingual input."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for src in sorted((shared_data / "corpus").glob("*.jsonl.gz")):
        with gzip.open(src, "rt", encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i >= per_file:
                    break
                rec = json.loads(line)
                text = "\n\n".join(x for x in (rec.get("title"), rec.get("maintext")) if x)
                path = out / f"{src.name.split('.')[0]}-{i:03d}.txt"
                path.write_text(text, encoding="utf-8")
                written.append(path)
    return written


@pytest.fixture(scope="module")
def mixed_input(tmp_path_factory, shared_data, seeds_dir) -> Path:
    """The five seeds plus 3 real articles from each corpus file (14 articles, 4+ scripts)."""
    root = tmp_path_factory.mktemp("mixed-input")
    for p in sorted(seeds_dir.iterdir()):
        (root / p.name).write_bytes(p.read_bytes())
    write_corpus_sample(shared_data, root / "corpus", per_file=3)
    return root
