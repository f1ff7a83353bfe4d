"""Done-when of issue 3 on the sample articles, with the gold labels of eval/gold/cleaning.

No seed text here: the gold file names lines by number.
"""

import json
from pathlib import Path

from rashomon.config import Config
from rashomon.pipeline.base import run_stages
from rashomon.pipeline.default import article_stages
from rashomon.readers import read_inputs

GOLD = Path(__file__).resolve().parents[2] / "eval/gold/cleaning/gold.json"


def test_seeds_clean(seeds_dir):
    gold = {d["seed"]: d for d in json.loads(GOLD.read_text("utf-8"))["documents"] if "seed" in d}
    failures = []
    arts = list(read_inputs([str(seeds_dir)], Config().limits, failures.append))
    assert not failures and len(arts) == 5
    for a in run_stages(article_stages(Config()), arts):
        g = gold[Path(a.source).name]
        lines = a.raw.split("\n")
        kept = a.text.split("\n")
        removed = {r.line for r in a.removed}
        for n in g["furniture"] + g.get("duplicates", []):
            assert n - 1 in removed, (a.source, n)
        for n in g["furniture"]:
            assert lines[n - 1].strip() not in kept, (a.source, n)
        for n in g.get("duplicates", []):  # the first copy stays, exactly once
            assert kept.count(lines[n - 1].strip()) == 1, (a.source, n)
        for n, line in enumerate(lines, start=1):
            label = n in g["furniture"] or n in g.get("duplicates", [])
            if line.strip() and not label:
                body = line.replace(g.get("prefix", {}).get(str(n), ""), "", 1).strip()
                assert body in kept, (a.source, n)
        assert (a.published.isoformat() if a.published else None) == g["date"]
        assert a.language == g["language"]
        assert a.truncated == g["truncated"]
        for p in a.paragraphs:
            para = a.text[p.start : p.end]
            if any(ch.isalpha() for ch in para):  # a table rule "|---|" has no language
                assert p.language == g["language"], para
        for s in a.sentences:
            assert a.text[s.start : s.end].strip() == a.text[s.start : s.end]
