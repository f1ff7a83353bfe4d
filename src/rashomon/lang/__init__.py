"""Language packs: each language's words live in one folder, `rashomon/lang/<iso>/`.

In the spirit of spaCy's `spacy/lang/<iso>/`: a pack is a folder named by the ISO 639-1 code
of its language, holding that language's word lists as data. The rest of the code asks the
pack and never spells a word itself.

Files in a pack folder:

- `<topic>.toml`: named lists (arrays of strings) and tables (mappings), e.g.
  `polarity.toml` with `negators = [...]` and `hedges = [...]`. A list is named
  `"<topic>.<key>"`: `get("fa").words("polarity.negators")`.
- `<name>.txt`: one entry per line, `#` starts a comment: `get("ar").words("stop_words")`.
- `pack.toml` (optional): facts about the language, e.g. `fallback = "fa"` (Urdu and Pashto
  borrow Persian cue words where they have none of their own), `nouns_capitalised = true`
  (German writes every noun with a capital: a capital is no sign of a name).

The API (everything is cached and loaded on first use):

    from rashomon import lang
    lang.get("fa").words("polarity.negators")   # tuple of strings, in file order; () if absent
    lang.get("ar").table("numbers.units")       # dict from a TOML table; {} if absent
    lang.get("ur").has("polarity.negators")     # is the list in this pack (no fallback)?
    lang.words("interface.ui")                  # one list merged over every pack
    lang.words("polarity.hedges", "ps")         # the pack's list, else its fallback's
    lang.isos()                                 # the languages that have a pack

Unknown languages get an empty pack, so callers never test for `None`. `lang.words(name)`
merges every pack in ISO order (duplicates dropped, first one kept): it is for the word lists
that apply whatever the article's language, such as a site's interface words.

Adding a language is adding a folder `rashomon/lang/<iso>/` with the files above (they ship as
package data). A folder outside the package can be added at run time with
`lang.register(path)` (the folder's name is the ISO code; `lang.unregister(iso)` drops it).
Register before the stages are imported: they compile their patterns once, and lists merged
over every pack are read when a module is first imported.

Letter folding and digit mapping shared by every Arabic-script language live in
`rashomon.lang.script`; month and day names come from CLDR, jdatetime and hijridate through
`rashomon.lang.calendar`.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["Pack", "get", "has", "isos", "register", "table", "unregister", "words"]

_EXTRA: dict[str, Path] = {}  # packs registered from outside the package, by ISO code


@dataclass(frozen=True, slots=True)
class Pack:
    """One language's word lists (immutable; build one with `get`)."""

    iso: str
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    tables: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    fallback: str | None = None
    # the language capitalises every noun (German): a capital letter is no sign of a name
    nouns_capitalised: bool = False

    def words(self, name: str) -> tuple[str, ...]:
        """The list `name` ("topic.key" or a .txt file's stem), in file order; () if absent."""
        return self.lists.get(name, ())

    def table(self, name: str) -> dict[str, Any]:
        """The table `name` ("topic.key"); {} if absent. Do not mutate it: it is shared."""
        return self.tables.get(name, {})

    def has(self, name: str) -> bool:
        return name in self.lists or name in self.tables


def _folders() -> dict[str, Any]:
    """Pack folders by ISO code: the package's own, then the registered ones."""
    found: dict[str, Any] = {}
    root = resources.files(__name__)
    for entry in root.iterdir():
        if entry.is_dir() and len(entry.name) in (2, 3) and entry.name.isalpha():
            found[entry.name] = entry
    found.update(_EXTRA)
    return dict(sorted(found.items()))


def _read(folder: Any, iso: str) -> Pack:
    lists: dict[str, tuple[str, ...]] = {}
    tables: dict[str, dict[str, Any]] = {}
    fallback = None
    nouns_capitalised = False
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        stem, _, ext = entry.name.rpartition(".")
        if ext == "txt":
            lines = (
                line.split("#", 1)[0].strip() for line in entry.read_text("utf-8").splitlines()
            )
            lists[stem] = tuple(line for line in lines if line)
        elif ext == "toml":
            try:
                data = tomllib.loads(entry.read_text("utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise ValueError(
                    f"language pack {iso}: {entry.name} is not valid TOML ({exc}); fix the file"
                ) from exc
            if stem == "pack":
                fallback = data.get("fallback")
                nouns_capitalised = bool(data.get("nouns_capitalised", False))
                continue
            for key, value in data.items():
                if isinstance(value, list):
                    lists[f"{stem}.{key}"] = tuple(str(v) for v in value)
                elif isinstance(value, dict):
                    tables[f"{stem}.{key}"] = value
    return Pack(iso, lists, tables, fallback, nouns_capitalised)


def get(iso: str | None) -> Pack:
    """The pack of language `iso` ("fa", "ar", "fa-IR" reads as "fa"); empty if none."""
    return _pack((iso or "").split("-")[0].split("_")[0].lower())


@functools.cache
def _pack(code: str) -> Pack:
    folder = _folders().get(code)
    return _read(folder, code) if folder is not None else Pack(code)


@functools.cache
def isos() -> tuple[str, ...]:
    """The ISO codes of every pack, sorted."""
    return tuple(_folders())


def words(name: str, iso: str | None = None) -> tuple[str, ...]:
    """List `name` of language `iso` (its fallback's when the pack lacks it), or, with no
    language, the list merged over every pack in ISO order (first spelling kept)."""
    if iso is not None:
        return _holder(name, iso).words(name)
    return _merged(name)


def _holder(name: str, iso: str) -> Pack:
    """The pack of `iso`, or its fallback's when it lacks list or table `name`."""
    pack = get(iso)
    if not pack.has(name) and pack.fallback:
        pack = get(pack.fallback)
    return pack


@functools.cache
def _merged(name: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w for code in isos() for w in get(code).words(name)))


def table(name: str, iso: str | None = None) -> dict[str, Any]:
    """Table `name` of language `iso` (or its fallback's), or merged over every pack in ISO
    order: the first pack's value wins, except lists, which are concatenated ([units] km = [...]
    in several packs gives every pack's spellings of km)."""
    if iso is not None:
        return _holder(name, iso).table(name)
    return _merged_table(name)


@functools.cache
def _merged_table(name: str) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for code in isos():
        for key, value in get(code).table(name).items():
            if isinstance(value, list) and isinstance(merged.get(key), list):
                merged[key] = list(dict.fromkeys([*merged[key], *value]))
            else:
                merged.setdefault(key, value)
    return merged


def has(name: str, iso: str) -> bool:
    """Does language `iso`'s own pack (not its fallback) hold `name`?"""
    return get(iso).has(name)


def register(folder: str | Path) -> str:
    """Add (or replace) the pack in `folder`, whose name is its ISO code; returns the code.
    Patterns the stages already compiled for other languages keep their words."""
    path = Path(folder)
    if not path.is_dir():
        raise FileNotFoundError(
            f"language pack folder {path} does not exist; "
            "pass a folder named by the language's ISO code"
        )
    _EXTRA[path.name] = path
    _forget()
    return path.name


def unregister(iso: str) -> None:
    """Drop a pack added with `register` (the package's own packs stay)."""
    _EXTRA.pop(iso, None)
    _forget()


def _forget() -> None:
    _pack.cache_clear()
    isos.cache_clear()
    _merged.cache_clear()
    _merged_table.cache_clear()
