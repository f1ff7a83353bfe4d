"""Decoding bytes and repairing mojibake, recording every repair.

Order: strict UTF-8 (BOM stripped) first, because it is by far the most common and a strict
decode that succeeds is almost never wrong; then UTF-16 when a BOM says so; then detection
with charset-normalizer (legacy Arabic pages are cp1256 or ISO-8859-6, Western ones cp1252).
After decoding, `repair_text` fixes mojibake with ftfy: UTF-8 that some earlier tool decoded
as Latin-1/cp1252 ("dÃ¶vÃ¼Å\\x9f" -> "dövüş"), the state of several SemEval texts.

ftfy is configured to fix *encoding* only: it must not touch characters the source really
used (curly quotes, full-width forms, ligatures), because the display text is quoted by users.
"""

from __future__ import annotations

import functools
import logging
import re

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def _ftfy_config():
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html="auto",  # "&amp;" in text without tags: an entity left by a scraper
        remove_terminal_escapes=True,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=True,
        remove_control_chars=False,  # BasicClean removes them and records each line
        normalization=None,
        explain=True,
    )


# Mojibake of UTF-8 read as Latin-1/cp1252 always leaves characters of U+0080-U+00FF (Ã, Ø,
# Ù, Â, C1 controls) or cp1252's extras; HTML entities leave "&...;". Text without any of
# them (most Arabic, Persian, CJK, plain ASCII) skips ftfy, which is the slow part.
_SUSPECT = re.compile(
    r"[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u20ac\u2122]|&#?\w{1,32};"
)


def repair_text(text: str) -> tuple[str, list[str]]:
    """Repair mojibake in `text`; returns the repaired text and the repairs applied.

    Each repair is a short sentence such as "mojibake: utf-8 text that had been read as
    latin-1", so a user can see what changed. Clean text comes back unchanged with an empty list.
    Mojibake never crosses a line, so the text is repaired line by line (and a very long line
    in pieces cut at spaces): ftfy's checks are slow on megabyte-long strings.
    """
    if not _SUSPECT.search(text):
        return text, []
    steps: list[str] = []
    out: list[str] = []
    for piece in _pieces(text):
        if not _SUSPECT.search(piece):
            out.append(piece)
            continue
        fixed, more = _repair_piece(piece)
        out.append(fixed)
        steps += [m for m in more if m not in steps]
    fixed = "".join(out)
    return (fixed, steps or ["mojibake repaired"]) if fixed != text else (text, [])


_PIECE = 20_000


def _pieces(text: str) -> list[str]:
    """`text` cut after newlines, and long lines after a space, into pieces of about _PIECE."""
    pieces: list[str] = []
    for line in text.splitlines(keepends=True):
        while len(line) > _PIECE:
            cut = line.rfind(" ", _PIECE // 2, _PIECE) + 1 or _PIECE
            pieces.append(line[:cut])
            line = line[cut:]
        pieces.append(line)
    return pieces


def _repair_piece(text: str) -> tuple[str, list[str]]:
    import ftfy

    fixed, explanation = ftfy.fix_and_explain(text, config=_ftfy_config())
    if fixed == text:
        return text, []
    steps: list[str] = []
    encodes = [s[1] for s in explanation or [] if s[0] == "encode"]
    decodes = [s[1] for s in explanation or [] if s[0] == "decode"]
    if encodes and decodes:
        steps.append(f"mojibake: {decodes[-1]} text that had been read as {encodes[0]}")
    for action, name in explanation or []:
        if action != "apply":
            continue
        label = _LABELS.get(name, f"mojibake: {name}")
        if label not in steps:
            steps.append(label)
    return fixed, steps


# ftfy step names, said for a user.
_LABELS = {
    "unescape_html": "html entities unescaped",
    "decode_inconsistent_utf8": "mojibake: utf-8 text that had been read as latin-1 (in places)",
    "fix_c1_controls": "mojibake: cp1252 characters read as C1 controls",
    "restore_byte_a0": "mojibake: lost non-breaking space restored",
    "replace_lossy_sequences": "mojibake: unrecoverable sequence replaced",
    "fix_surrogates": "broken surrogate pairs fixed",
}


class DecodeError(ValueError):
    """Bytes that no encoding reads as text."""


def decode_bytes(data: bytes, repair: bool = True) -> tuple[str, list[str]]:
    """Decode input bytes to text; returns the text and the repairs applied.

    `repair=False` only decodes: structured inputs (JSON, feeds, HTML) must be parsed first
    and their text fields repaired one by one, because a repair such as unescaping "&quot;"
    inside a JSON string would break the container.
    Raises `DecodeError` with a message that says what to do when nothing decodes it.
    """
    repairs: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError("has a UTF-16 byte-order mark but is not valid UTF-16") from exc
        return _repair(text, ["decoded as utf-16"], repair)
    elif b"\x00" in data[:8192] and (found := utf16_without_bom(data)):
        text, encoding = found
        return _repair(text, [f"decoded as {encoding} (no byte-order mark)"], repair)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        damaged = _damaged_utf8(data)
        if damaged:
            text, bad = damaged
            repairs.append(f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD")
        else:
            text, encoding = _detect(data, exc)
            repairs.append(f"decoded as {encoding} (not valid UTF-8)")
    return _repair(text, repairs, repair)


def _damaged_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few bad bytes (a transfer error, a cut multi-byte character): the text with
    each bad sequence replaced by U+FFFD and their count, or None when the bytes look like
    another encoding. Three stray bytes in 4.6 kB of Arabic used to cost the whole article.
    The test: at least 20 characters beyond ASCII decode as UTF-8 for every bad sequence. A
    legacy file (cp1256 Arabic, cp1252 "café") has few or no valid multi-byte sequences, so it
    still goes to detection."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = sum(1 for ch in text if ch > "\x7f") - text.count("\ufffd")
    return (text, bad) if 0 < bad and good >= 20 * bad else None


def utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) when `data` is UTF-16 text without a byte-order mark (it used to be
    called binary: its NUL bytes look like it). Random bytes decode as UTF-16 too, as CJK
    characters, so the text must also look like text: no control characters but line breaks
    and tabs, and at least 2% of it spaces or line breaks (1 in ~16,000 for random bytes)."""
    body = data[: len(data) - len(data) % 2]
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start < len(body) - 2:
                continue
            text = body[: exc.start].decode(encoding)  # a pair cut by the end of a head
        sample = text[:4096]
        if not sample:
            return None
        spaces = sum(1 for ch in sample if ch in " \n\r\t\u3000")
        controls = sum(1 for ch in sample if ch < " " and ch not in "\n\r\t")
        if controls == 0 and spaces >= 0.02 * len(sample):
            return text, encoding
    return None


def _repair(text: str, repairs: list[str], repair: bool = True) -> tuple[str, list[str]]:
    if not repair:
        return text, repairs
    fixed, more = repair_text(text)
    return fixed, repairs + more


def _detect(data: bytes, exc: UnicodeDecodeError) -> tuple[str, str]:
    """Decode with the encoding charset-normalizer finds most likely (on the first 200 kB)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise DecodeError(
            f"not valid UTF-8 (bad byte at offset {exc.start}) and no other encoding fits; "
            "save the file as UTF-8"
        ) from exc
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError) as err:
        raise DecodeError(f"cannot decode as {best.encoding}; save the file as UTF-8") from err
