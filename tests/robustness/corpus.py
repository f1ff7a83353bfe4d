"""The bad-input corpus: generated on the spot from a seed, nothing downloaded, no third-party text.

`make_corpus(root, seed)` writes the inputs under `root/in/` (and, for the XML external-entity
case, a secret under `root/outside/` that must never reach a dossier) and returns one `Case` per
input: what it tests and what must come out of it. `tests/robustness/` runs it through the real
CLI and `eval/robustness.py` prints the figures.

Expectations:
- "article": the input must give at least one article (valid text that merely looks odd);
- "failure": the input must be refused by name, with a reason containing `reason_has`;
- "either": an article or a clear refusal are both acceptable (e.g. an encoding the readers may
  or may not repair), but never a crash, a hang or silence.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import zlib
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    path: str  # relative to root/in; the input (file, link or folder entry) of the case
    expect: str  # "article" | "failure" | "either"
    what: str  # what it tests, one line
    reason_has: str = ""  # for "failure": a piece of the reason that must be there


# Pseudo-words in several scripts, so the corpus is multilingual without copying anyone's text.
_ALPHABETS = {
    "latin": "abcdefghijklmnopqrstuvwxyzéèàç",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "persian": "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی",
    "cyrillic": "абвгдежзийклмнопрстуфхцчшщыэюя",
}
_FULL_STOP = {"latin": ".", "arabic": ".", "persian": ".", "cyrillic": "."}


def prose(rng: random.Random, script: str = "latin", sentences: int = 6) -> str:
    """Seeded pseudo-text: sentences of 6-14 words, one paragraph per 3 sentences."""
    letters = _ALPHABETS[script]
    out, para = [], []
    for i in range(sentences):
        words = [
            "".join(rng.choice(letters) for _ in range(rng.randint(2, 9)))
            for _ in range(rng.randint(6, 14))
        ]
        para.append(" ".join(words).capitalize() + _FULL_STOP[script])
        if i % 3 == 2:
            out.append(" ".join(para))
            para = []
    if para:
        out.append(" ".join(para))
    return "\n\n".join(out)


def _html(title: str, body: str, head: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
        f"<body><article><h1>{title}</h1>{paras}</article></body></html>"
    )


def _record(rng: random.Random, script: str = "latin", **fields: object) -> dict:
    rec = {
        "url": f"https://example.org/{rng.randrange(10**9)}",
        "title": prose(rng, script, 1)[:60],
        "maintext": prose(rng, script, 5),
        "date_publish": "2025-11-02 10:00:00",
        "language": None,
        "source_domain": "example.org",
    }
    rec.update(fields)
    return rec


def make_corpus(root: Path, seed: int = 9) -> list[Case]:
    """Write the corpus under `root/in/`; return its cases (deterministic for a given seed)."""
    rng = random.Random(seed)
    base = root / "in"
    outside = root / "outside"
    for d in (
        "good",
        "text",
        "enc",
        "html",
        "jsonl",
        "gz",
        "feeds",
        "links/loop",
        "special",
        "names",
        "dup",
    ):
        (base / d).mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def put(rel: str, data: bytes | str, expect: str, what: str, reason_has: str = "") -> None:
        p = base / rel
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        cases.append(Case(rel.split("/")[-1], rel, expect, what, reason_has))

    # -- controls: plain good articles in several scripts -----------------------------------------
    for script in ("latin", "arabic", "persian", "cyrillic"):
        put(f"good/{script}.txt", prose(rng, script, 8), "article", f"well-formed {script} text")

    # -- text: empty, binary, sizes, control characters -------------------------------------------
    put("text/empty.txt", b"", "failure", "a 0-byte file", "empty")
    put("text/whitespace.txt", b"  \n\t\r\n   \n", "failure", "whitespace only", "empty")
    put("text/binary.bin", rng.randbytes(64 * 1024), "failure", "random bytes", "binary")
    put(
        "text/photo.txt",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + rng.randbytes(20_000),
        "failure",
        "a JPEG named .txt",
        "binary",
    )
    words = prose(rng, "latin", 40).replace("\n", " ")
    line = (words + " ") * (5 * MB // (len(words) + 1) + 1)
    put(
        "text/long-line-5mb.txt",
        line[: 5 * MB],
        "failure",
        "one 5 MB line (over max_article_chars: refused by name)",
        "max_article_chars",
    )
    nul = prose(rng, "latin", 6)
    put(
        "text/nul-bytes.txt",
        nul[:40] + "\x00" + nul[40:80] + "\x00\x00" + nul[80:],
        "either",
        "text with NUL bytes in it",
    )
    ctrl = prose(rng, "latin", 6)
    put(
        "text/control-chars.txt",
        ctrl[:30] + "\x07\x1b[31m" + ctrl[30:],
        "article",
        "a bell and an ANSI escape inside text",
    )
    put("text/crlf.txt", prose(rng, "arabic", 6).replace("\n", "\r\n"), "article", "CRLF endings")
    put(
        "text/cr-only.txt",
        prose(rng, "latin", 6).replace("\n", "\r"),
        "article",
        "old Mac CR-only endings",
    )
    bidi = prose(rng, "arabic", 4)
    put(
        "text/bidi-controls.txt",
        "\u202e" + bidi[:50] + "\u2066" + "exe.txt" + "\u2069\u202c" + bidi[50:] + "\u200b\u200f",
        "article",
        "right-to-left override, isolates, zero-width characters",
    )
    put(
        "text/zero-width-only.txt",
        "\u200b\u200c\u200d\u2060\ufeff" * 50,
        "either",
        "only zero-width characters (nothing visible)",
    )
    put(
        "text/many-lines.txt",
        "\n".join(prose(rng, "latin", 1) for _ in range(5_000)),
        "article",
        "5,000 one-sentence lines",
    )

    # -- encodings -----------------------------------------------------------------------------
    ar = prose(rng, "arabic", 6)
    utf8 = ar.encode("utf-8")
    put(
        "enc/invalid-utf8.txt",
        utf8[:101] + b"\xff\xfe" + utf8[101:301] + b"\xc3" + utf8[301:],
        "either",
        "UTF-8 with stray invalid bytes",
    )
    put(
        "enc/cp1256.txt",
        prose(rng, "arabic", 6).encode("cp1256"),
        "article",
        "Arabic in Windows-1256",
    )
    fr = "Le gouvernement a déclaré à l'Assemblée qu'il était prêt: « réformes » — été, hôpital. "
    put(
        "enc/cp1252.txt",
        (fr + prose(rng, "latin", 4)).encode("cp1252"),
        "article",
        "French in Windows-1252",
    )
    put("enc/utf16.txt", prose(rng, "persian", 6).encode("utf-16"), "article", "UTF-16 with BOM")
    moj = prose(rng, "arabic", 6).encode("utf-8").decode("cp1252", errors="replace")
    put("enc/mojibake.txt", moj, "article", "Arabic UTF-8 decoded as cp1252 (mojibake)")
    put("enc/bom-only.txt", b"\xef\xbb\xbf", "failure", "a UTF-8 BOM and nothing else", "empty")

    # -- HTML ------------------------------------------------------------------------------------
    body = prose(rng, "latin", 8)
    put(
        "html/broken.html",
        "<html><body><div><p>"
        + body.replace("\n\n", "<p><b>")
        + "</span></div></i><p>unclosed <a href='x",
        "article",
        "unclosed and mismatched tags",
    )
    depth = 20_000
    put(
        "html/deep-nested.html",
        "<html><body>"
        + "<div>" * depth
        + prose(rng, "latin", 5)
        + "</div>" * depth
        + "</body></html>",
        "either",
        f"{depth:,} nested <div>",
    )
    put(
        "html/script-only.html",
        "<html><head><script>" + "var a=1;" * 500 + "</script></head><body></body></html>",
        "either",
        "a page with no text, only a script",
    )
    put(
        "html/absurd-date.html",
        _html(
            "Absurd date",
            prose(rng, "latin", 6),
            "<meta property='article:published_time' content='99999-99-99T99:99:99'>"
            "<meta name='date' content='0000-00-00'>",
        ),
        "either",
        "published date 99999-99-99 / 0000-00-00",
    )
    put(
        "html/meta-cp1256.html",
        _html("عنوان", prose(rng, "arabic", 6)).replace("utf-8", "windows-1256").encode("cp1256"),
        "article",
        "HTML declaring windows-1256",
    )

    # -- JSONL (news-please layout) -----------------------------------------------------------
    good1, good2 = _record(rng), _record(rng, "arabic")
    lines = [
        json.dumps(good1, ensure_ascii=False),
        "{not json at all",
        "[1, 2, 3]",
        '"a string"',
        json.dumps({"maintext": 42, "title": ["x"]}),
        json.dumps({"maintext": None, "title": None}),
        json.dumps({"maintext": {"nested": True}}),
        "",
        json.dumps(good2, ensure_ascii=False),
        '{"maintext": "cut in the midd',
    ]
    put(
        "jsonl/broken.jsonl",
        "\n".join(lines),
        "article",
        "good records mixed with broken lines and wrong types",
    )
    put(
        "jsonl/wrong-types.jsonl",
        "\n".join(lines[1:8]),
        "failure",
        "only broken lines and wrong types",
        "JSON",
    )
    put(
        "jsonl/surrogate.jsonl",
        '{"title": "lone \\ud800 surrogate", "maintext": "'
        + prose(rng, "latin", 4).replace("\n", " ")
        + ' \\udfff end."}',
        "either",
        "a JSON escape of a lone surrogate",
    )
    dates = ["0000-00-00 00:00:00", "99999-12-31", "2025-13-45", 1e20, -1, "yesterday-ish", True]
    put(
        "jsonl/absurd-dates.jsonl",
        "\n".join(json.dumps(_record(rng, date_publish=d)) for d in dates),
        "article",
        "absurd publication dates in records",
    )

    # -- gzip ------------------------------------------------------------------------------------
    blob = gzip.compress(
        "\n".join(json.dumps(_record(rng)) for _ in range(50)).encode("utf-8"), mtime=0
    )
    put(
        "gz/truncated.jsonl.gz",
        blob[: len(blob) // 2],
        "failure",
        "a gzip cut in the middle",
        "truncated gzip",
    )
    put("gz/not-gzip.jsonl.gz", prose(rng, "latin", 5), "either", "plain text named .gz")
    # A decompression bomb: ~150 KB on disk, 150 MB inflated, one record. Over max_file_bytes once
    # inflated, so it must be refused (or cut) without inflating it all into memory.
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunks = [comp.compress(b'{"title": "bomb", "maintext": "')]
    filler = b"a " * (MB // 2)
    chunks += [comp.compress(filler) for _ in range(150)]
    chunks += [comp.compress(b'"}\n'), comp.flush()]
    put(
        "gz/bomb.jsonl.gz",
        b"".join(chunks),
        "failure",
        "a gzip bomb: 150 KB inflating to 150 MB",
        "max_file_bytes",
    )

    # -- feeds -----------------------------------------------------------------------------------
    put(
        "feeds/empty-rss.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        "<link>https://example.org/</link><description>d</description></channel></rss>",
        "failure",
        "an RSS feed with no items",
        "without entries",
    )
    put(
        "feeds/empty-atom.xml",
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>t</title><id>urn:x</id><updated>2025-11-02T00:00:00Z</updated></feed>",
        "failure",
        "an Atom feed with no entries",
        "without entries",
    )
    item = prose(rng, "latin", 5)
    put(
        "feeds/absurd-date.rss",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item>'
        f"<title>Item</title><link>https://example.org/a</link><description>{item}</description>"
        "<pubDate>Mon, 99 Foo 99999 99:99:99 +9999</pubDate></item></channel></rss>",
        "either",
        "an RSS item with an impossible pubDate",
    )
    secret = outside / "xxe-secret.txt"
    secret.write_text("XXE-SECRET-MARKER-7f3a must never reach a dossier\n", "utf-8")
    put(
        "feeds/xxe.rss",
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
        f"<description>&xxe; {prose(rng, 'latin', 3)}</description></item></channel></rss>",
        "either",
        "an XML external entity pointing at a local file",
    )
    laughs = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    put(
        "feeds/billion-laughs.xml",
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{laughs}]>'
        '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
        "<description>&l9;</description></item></channel></rss>",
        "either",
        "XML entity expansion (billion laughs)",
    )

    # -- links and special files ---------------------------------------------------------------
    put("links/loop/a.txt", prose(rng, "latin", 5), "article", "a file inside a looping folder")
    os.symlink(".", base / "links/loop/self")
    cases.append(
        Case("self", "links/loop/self", "failure", "a folder link to itself", "symlink loop")
    )
    os.symlink("pong.txt", base / "links/ping.txt")
    os.symlink("ping.txt", base / "links/pong.txt")
    cases.append(
        Case("ping.txt", "links/ping.txt", "failure", "two links pointing at each other", "link")
    )
    cases.append(
        Case("pong.txt", "links/pong.txt", "failure", "two links pointing at each other", "link")
    )
    os.symlink("nowhere.txt", base / "links/dangling.txt")
    cases.append(Case("dangling.txt", "links/dangling.txt", "failure", "a dangling link", "link"))
    os.symlink("/dev/zero", base / "special/zero.txt")
    cases.append(
        Case("zero.txt", "special/zero.txt", "failure", "a link to /dev/zero", "not a regular file")
    )
    os.mkfifo(base / "special/fifo.txt")
    cases.append(
        Case(
            "fifo.txt",
            "special/fifo.txt",
            "failure",
            "a named pipe nobody writes to (used to hang the batch)",
            "not a regular file",
        )
    )
    if os.geteuid() != 0:
        put("special/unreadable.txt", prose(rng, "latin", 4), "failure", "chmod 000", "cannot read")
        os.chmod(base / "special/unreadable.txt", 0)
    # As root, chmod 000 does not stop a read: the case cannot be made and is left out (the
    # FIFO, device and dangling-link cases cover "cannot be read" there).

    # -- hostile file names ----------------------------------------------------------------------
    put("names/مقالهٔ-فارسی.txt", prose(rng, "persian", 5), "article", "a Persian file name")
    bad = os.fsdecode(bytes(base / "names") + b"/bad-\xff\xfe-name.txt")
    Path(bad).write_text(prose(rng, "latin", 5), "utf-8")
    cases.append(
        Case(
            "bad-\\xff\\xfe-name.txt",
            os.path.relpath(bad, base),
            "article",
            "a file name that is not UTF-8 (used to crash the batch)",
        )
    )
    put("names/evil\nname.txt", prose(rng, "latin", 5), "article", "a newline in the file name")
    put(
        "names/rlo-\u202etxt.exe",
        prose(rng, "latin", 5),
        "article",
        "a right-to-left override in the file name",
    )
    put('names/<xss-probe a="1">.txt', prose(rng, "latin", 5), "article", "markup in the file name")

    (base / "names/[").mkdir()
    put(
        "names/[/x].txt",
        b"",
        "failure",
        "an empty file whose path reads as rich markup '[/x]' (used to crash the batch)",
        "empty",
    )

    # -- duplicates ------------------------------------------------------------------------------
    same = prose(rng, "arabic", 5)
    put("dup/first.txt", same, "article", "same content as dup/second.txt")
    put("dup/second.txt", same + "\n", "article", "same content as dup/first.txt (kept once)")
    return cases


def make_huge(path: Path, size: int = 100 * MB, seed: int = 9) -> Path:
    """A text file of `size` bytes of seeded prose, written in 1 MB pieces."""
    rng = random.Random(seed)
    piece = (prose(rng, "latin", 400) + "\n").encode("utf-8")
    block = piece * (MB // len(piece) + 1)
    with open(path, "wb") as fh:
        left = size
        while left > 0:
            fh.write(block[: min(MB, left)])
            left -= MB
    return path
