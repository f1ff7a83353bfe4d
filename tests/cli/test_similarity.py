import csv
import io

from typer.testing import CliRunner

from rashomon.cli import app

runner = CliRunner()

SAME_A = "Floods hit the north\nHeavy rain flooded 40 villages in the north on Monday, officials said."
SAME_B = "Floods in the north\nOfficials said 40 villages in the north were flooded by heavy rain on Monday."
OTHER = "New phone launched\nThe company unveiled a new phone with a bigger screen and a faster chip."


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue()


def test_scores_pairs_from_stdin_in_order(tmp_path):
    data = _csv(
        [
            ["pair_id", "text1", "text2", "extra"],
            ["p1", SAME_A, SAME_B, "ignored"],
            ["p2", SAME_A, OTHER, "ignored"],
            ["p3", "Ã©tÃ© " + SAME_A, SAME_B, ""],  # mojibake is repaired first
        ]
    )
    res = runner.invoke(
        app, ["similarity", "--pairs", "-", "--cache", str(tmp_path / "c.sqlite")], input=data
    )
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert rows[0] == ["pair_id", "score"]
    assert [r[0] for r in rows[1:]] == ["p1", "p2", "p3"]
    scores = {r[0]: float(r[1]) for r in rows[1:]}
    assert scores["p1"] > scores["p2"]
    # a second run serves every vector from the cache and gives the same scores
    again = runner.invoke(
        app, ["similarity", "--pairs", "-", "--cache", str(tmp_path / "c.sqlite")], input=data
    )
    assert again.stdout == res.stdout


def test_missing_column_names_the_file_and_exits_2(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,text1,text2\n1,a,b\n", encoding="utf-8")
    res = runner.invoke(app, ["similarity", "--pairs", str(path), "--no-cache"])
    assert res.exit_code == 2
    assert "bad.csv" in res.output and "pair_id" in res.output


def test_huge_fields_are_read(tmp_path):
    path = tmp_path / "big.csv"
    big = "word " * 60_000  # 300 kB: beyond csv's default 128 kB field limit
    path.write_text(_csv([["pair_id", "text1", "text2"], ["x", big, big]]), encoding="utf-8")
    from rashomon.stories.pairs import read_pairs

    with open(path, encoding="utf-8", newline="") as fh:
        pairs = read_pairs(fh, str(path))
    assert len(pairs) == 1 and len(pairs[0].text1) == len(big)
