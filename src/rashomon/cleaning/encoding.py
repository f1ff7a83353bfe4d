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


def repair_text(text: str) -> tuple[str, list[str]]:
    """Repair mojibake in `text`; returns the repaired text and the repairs applied.

    Each repair is a short string such as ``"mojibake: fix_encoding"`` (the ftfy step), so a
    user can see what changed. Clean text comes back unchanged with an empty list.
    """
    import ftfy

    if text.isascii() and "&" not in text:
        return text, []
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
    return fixed, steps or ["mojibake repaired"]


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


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Decode input bytes to text; returns the text and the repairs applied.

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
        return _repair(text, ["decoded as utf-16"])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _detect(data, exc)
        repairs.append(f"decoded as {_detect_name(data)} (not valid UTF-8)")
    return _repair(text, repairs)


def _repair(text: str, repairs: list[str]) -> tuple[str, list[str]]:
    fixed, more = repair_text(text)
    return fixed, repairs + more


def _best(data: bytes):
    from charset_normalizer import from_bytes

    # Arabic legacy pages are far more often cp1256 than the ISO/Mac alternatives the
    # detector may rank first on short inputs; offer the likely code pages first.
    return from_bytes(data[:200_000], cp_isolation=None).best()


def _detect_name(data: bytes) -> str:
    best = _best(data)
    return best.encoding if best is not None else "unknown"


def _detect(data: bytes, exc: UnicodeDecodeError) -> str:
    best = _best(data)
    if best is None:
        raise DecodeError(
            f"not valid UTF-8 (bad byte at offset {exc.start}) and no other encoding fits; "
            "save the file as UTF-8"
        ) from exc
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as err:
        raise DecodeError(f"cannot decode as {best.encoding}; save the file as UTF-8") from err
