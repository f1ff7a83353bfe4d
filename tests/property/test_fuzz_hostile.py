"""The fuzz harness of issue 16 (hypothesis, derandomized, bounded): hostile containers,
damaged bytes, the quantity parser, JSON output, configuration values and CLI paths.

Properties: no exception escapes but the documented ones; every line of a JSON Lines file
ends as an article or a failure naming that line (nothing lost); every number written is
finite JSON; any folder name builds a dossier in that folder, writes nothing outside it, and
its dossier.json parses with a strict parser."""

from __future__ import annotations

import gzip
import json
import math
import os

from hypothesis import example, given
from hypothesis import strategies as st

from rashomon import jsonsafe
from rashomon.claims.extract.quantities import find_quantities
from rashomon.config import Config, LimitsConfig
from rashomon.readers.base import ReadError, ReadFailure
from rashomon.readers.detect import read_file
from tests.property.strategies import bounded, hostile_text, nonempty_text

LIMITS = LimitsConfig(max_file_bytes=200_000)
GOOD = json.dumps({"title": "Pier", "maintext": "The harbour authority said the pier would open."})


def strict_loads(text: str):
    def refuse(name: str):
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


_line = st.one_of(
    st.just(GOOD),
    st.builds(lambda t: json.dumps({"title": "T", "maintext": t}), nonempty_text),
    st.builds(lambda k: GOOD[k:], st.integers(1, len(GOOD) - 1)),  # cut at its start
    st.builds(lambda n: "[" * n + "]" * n, st.integers(1, 50_000)),  # deep nesting
    st.text(max_size=40).map(lambda t: t.replace("\n", " ")),
)


@given(
    st.lists(_line, min_size=1, max_size=12), st.integers(0, 3), st.sampled_from(["a.jsonl", "a"])
)
@bounded(40)
def test_fuzz_jsonl_every_line_is_accounted_for(lines, members, name):
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    if members:  # the same bytes as 1..3 gzip members: the same outcome
        cut = [len(data) * i // (members + 1) for i in range(members + 2)]
        data = b"".join(gzip.compress(data[a:b]) for a, b in zip(cut, cut[1:], strict=False))
    failures: list[ReadFailure] = []
    try:
        articles = read_file(name + (".gz" if members else ""), data, LIMITS, failures.append)
    except ReadError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    kept = {a.source.rsplit("#", 1)[-1] for a in articles} | {
        f.source.rsplit("#", 1)[-1] for f in failures
    }
    if len(articles) + len(failures) > 1 or any("#" in f.source for f in failures):
        wanted = {f"L{n}" for n, ln in enumerate(lines, 1) if ln.strip()}
        assert wanted <= kept, (wanted - kept, lines)


@given(st.text(min_size=200, max_size=2000), st.lists(st.integers(0, 10**6), max_size=4))
@bounded(40)
def test_fuzz_damaged_utf8_is_an_article_or_named(text, flips):
    data = bytearray(text.encode("utf-8", "surrogatepass"))
    for f in flips:
        data[f % len(data)] = 0xFF
    failures: list[ReadFailure] = []
    try:
        articles = read_file("a.txt", bytes(data), LIMITS, failures.append)
    except ReadError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    for a in articles:
        a.raw.encode("utf-8")  # no lone surrogate reaches the store


_digits = st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹,.", min_size=1, max_size=400)
_units = st.sampled_from(["", " dollars", " km", " مليون دولار", " میلیارد تومان", "%", " people"])


@given(hostile_text, _digits, _units)
@bounded(60)
def test_fuzz_quantity_values_are_finite_and_spans_cut_the_text(text, number, unit):
    text = f"{text} {number}{unit} {text}"
    for q in find_quantities(text):
        assert math.isfinite(q.value)
        assert 0 <= q.start < q.end <= len(text) and text[q.start : q.end] == q.text


_json_value = st.recursive(
    st.one_of(st.floats(), st.integers(), st.text(max_size=5), st.none(), st.booleans()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(_json_value)
@bounded(80)
def test_fuzz_json_out_is_always_strict_json(value):
    strict_loads(jsonsafe.dumps(value, ensure_ascii=False))


_config_value = st.one_of(
    st.integers(-(10**20), 10**20), st.floats(), st.text(max_size=8), st.booleans()
)


@given(st.data())
@bounded(80)
def test_fuzz_config_values_are_accepted_or_named(data):
    sections = Config().to_dict()
    section = data.draw(st.sampled_from(sorted(sections)))
    key = data.draw(st.sampled_from(sorted(sections[section])))
    value = data.draw(_config_value)
    try:
        cfg = Config.from_dict({section: {key: value}})
    except ValueError as exc:
        assert f"{section}.{key}" in str(exc) or "stories.lsh_bands" in str(exc)
        return
    cfg.validate()
    strict_loads(jsonsafe.dumps(cfg.to_dict()))


_name = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
    min_size=1,
    max_size=24,
).filter(lambda n: n not in (".", "..") and len(n.encode("utf-8")) < 200)


@given(_name, _name)
@example("run#1", "%2e%2e")
@example("[b] ?mode=ro", "x?mode=rwc#frag")
@example("مقالات ‮txt", "100% [b]")
@bounded(8)
def test_fuzz_cli_any_folder_name(tmp_path_factory, in_name, out_name):
    from typer.testing import CliRunner

    from rashomon.cli import app

    base = tmp_path_factory.mktemp("fuzz")
    src = base / "in" / in_name
    src.mkdir(parents=True)
    (src / f"{in_name}.txt").write_text(
        "Harbour news\n\nThe harbour authority said the new pier would open in June.\n", "utf-8"
    )
    out = base / "out" / out_name
    # The property is about paths: the corpus steps (models) are off, so each example is fast.
    light = base / "in" / "light.toml"
    light.write_text(
        "[stories]\nenabled = false\n[entities]\nenabled = false\n[claims]\nenabled = false\n"
    )
    cwd = os.getcwd()
    os.chdir(base)  # a relative path in a URI or a stray write would land here
    try:
        r = CliRunner().invoke(
            app, ["build", str(src), "--out", str(out), "-c", str(light), "--json"]
        )
    finally:
        os.chdir(cwd)
    assert r.exit_code == 0 and r.exception is None, r.output
    assert sorted(os.listdir(base)) == ["in", "out"]
    assert sorted(os.listdir(base / "in")) == sorted([in_name, "light.toml"])
    assert os.listdir(base / "out") == [out_name]
    assert sorted(os.listdir(src)) == [f"{in_name}.txt"]
    dossier = strict_loads((out / "dossier.json").read_text("utf-8"))
    assert len(dossier["articles"]) == 1
