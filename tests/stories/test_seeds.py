"""The seed articles (read from ../shared/seeds, never copied): four retellings of one report
and a later denial. Gold: the retellings are files 000-003; 004 is the denial."""

RETELLINGS = {"000", "001", "002", "003"}
DENIAL = "004"


def _by_file(dossier: dict) -> dict[str, str]:
    name = {a["id"]: a["source"].replace("\\", "/").split("/")[-1][:3] for a in dossier["articles"]}
    return {name[aid]: s["id"] for s in dossier["stories"] for aid in s["articles"]}


def test_retellings_share_one_story(seeds_dossier):
    story = _by_file(seeds_dossier)
    assert len(story) == 5  # every article is in a story
    assert len({story[f] for f in RETELLINGS}) == 1


def test_denial_is_in_the_story_or_a_substory_of_it(seeds_dossier):
    story = _by_file(seeds_dossier)
    main = story["000"]
    stories = {s["id"]: s for s in seeds_dossier["stories"]}
    denial = stories[story[DENIAL]]
    assert denial["id"] == main or denial.get("parent") == main
    assert stories[main]["label"]  # a label for the reader


def test_rerun_serves_every_vector_from_the_cache(seeds_dir, tmp_path):
    import sqlite3

    from rashomon.build import build

    build([str(seeds_dir)], tmp_path)
    build([str(seeds_dir)], tmp_path, rebuild=True)  # every article placed again
    con = sqlite3.connect(tmp_path / "dossier.sqlite")
    (value,) = con.execute("SELECT value FROM meta WHERE key = 'stories.vectors'").fetchone()
    con.close()
    assert value == '{"computed":0,"cached":5}'
