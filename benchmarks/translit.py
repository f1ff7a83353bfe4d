"""Per-name cost of transliteration (entities.translit), the name path's last resort.

    python benchmarks/translit.py [--n 2000] [--anetac ../shared/data/anetac/en-ar-named-entities.txt]

Times, on N one-word ANETAC person names (training part; caches cleared, the model files
loaded before timing), the unit table's likeliest spelling (`word_to_latin`), the attested
rule over the letter transducer's candidates (`known_spelling`, else the table's spelling), the
linear reranker's pick among them (`rerank`, the shipped path before the neural
transliterator) and the shipped pick (`best_spelling`, what `to_latin` uses: the reranker and
the neural transliterators combined). Prints milliseconds per name, wall and CPU.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rashomon.entities import translit  # noqa: E402
from rashomon.entities.namemodel import read_anetac  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument(
        "--anetac", default=str(ROOT / "../shared/data/anetac/en-ar-named-entities.txt")
    )
    args = ap.parse_args()
    words = [
        ar
        for cls, en, ar, held_out in read_anetac(Path(args.anetac))
        if not held_out and cls == "PERSON" and len(ar.split()) == 1
    ][: args.n]
    t = time.perf_counter()
    translit._table()
    translit._reranker()
    from rashomon.entities import transducer

    transducer.shipped()
    from rashomon.entities import seq2seq

    seq2seq.shipped()
    translit.word_to_latin(words[0])
    from rashomon.entities.doc import zipf

    zipf("warm", "en")
    print(f"load: {time.perf_counter() - t:.2f} s")
    paths = {
        "table": translit.word_to_latin,
        "table + attested (before)": lambda w: (
            translit.known_spelling(w) or translit.word_to_latin(w)
        ),
        "reranked (before)": lambda w: translit.rerank(
            w, translit.candidates(w, beam=translit.BEAM), translit._reranker()
        ),
        "combined (RASHOMON_TRANSLIT_NN=1)": lambda w: translit._best_spelling(w, True),
    }
    for name, fn in paths.items():
        translit.known_spelling.cache_clear()
        translit._best_spelling.cache_clear()
        t, c = time.perf_counter(), time.process_time()
        for w in words:
            fn(w)
        wall = 1000 * (time.perf_counter() - t) / len(words)
        cpu = 1000 * (time.process_time() - c) / len(words)
        print(f"{name:28} {wall:.2f} ms a name ({cpu:.2f} ms CPU)")


if __name__ == "__main__":
    main()
