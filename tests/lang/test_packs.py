"""Language packs: the loader, the shipped packs, and adding a language as a folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon import lang
from rashomon.claims.extract import polarity


def test_a_pack_reads_its_lists_in_file_order() -> None:
    negators = lang.get("fa").words("polarity.negators")
    assert negators[:3] == ("نه", "هیچ", "نیست")
    assert lang.get("fa-IR") is lang.get("fa")


def test_an_unknown_language_gets_an_empty_pack() -> None:
    pack = lang.get("qq")
    assert pack.words("polarity.negators") == ()
    assert pack.table("anything.at_all") == {}
    assert lang.get(None).iso == ""


def test_urdu_falls_back_to_persian_for_lists_it_lacks() -> None:
    assert not lang.has("polarity.negators", "ur")
    assert lang.words("polarity.negators", "ur") == lang.words("polarity.negators", "fa")


def test_merged_lists_keep_every_pack_and_drop_duplicates() -> None:
    merged = lang.words("polarity.hedges")
    assert "ربما" in merged and "شاید" in merged and "reportedly" in merged
    assert len(merged) == len(set(merged))


def test_every_shipped_pack_parses() -> None:
    for iso in lang.isos():
        pack = lang.get(iso)
        assert pack.iso == iso
        assert all(isinstance(w, str) and w for ws in pack.lists.values() for w in ws), iso


@pytest.fixture
def toy_pack(tmp_path: Path):
    """A language pack for a made-up language "xx" that negates with the word "nope"."""
    folder = tmp_path / "xx"
    folder.mkdir()
    (folder / "polarity.toml").write_text('negators = ["nope"]\n', encoding="utf-8")
    iso = lang.register(folder)
    polarity._patterns.cache_clear()
    yield iso
    lang.unregister(iso)
    polarity._patterns.cache_clear()


def _negations(text: str, language: str) -> list[str]:
    cues = polarity.find_polarity_cues(text, language=language)
    return [c.text for c in cues if c.kind == "negation"]


def test_adding_a_language_folder_changes_that_language_only(toy_pack: str) -> None:
    text = "The minister nope agreed to the deal."
    assert _negations(text, toy_pack) == ["nope"]
    assert polarity.polarity_of(polarity.find_polarity_cues(text, language=toy_pack)) == "negative"
    # English and Arabic read the same sentence as before: "nope" is no word of theirs.
    assert _negations(text, "en") == []
    assert _negations(text, "ar") == []
    assert _negations("The minister did not agree.", toy_pack) == []  # only the pack's words


def test_a_registered_folder_must_exist(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        lang.register(tmp_path / "zz")
