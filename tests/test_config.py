import pytest

from rashomon.config import Config


def test_toml_overrides_and_roundtrip(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text("[executor]\nworkers = 2\n[limits]\nmax_file_bytes = 10\n")
    cfg = Config.from_toml(p)
    assert cfg.executor.workers == 2 and cfg.limits.max_file_bytes == 10
    assert Config.from_dict(cfg.to_dict()) == cfg


def test_unknown_key_is_named():
    with pytest.raises(ValueError, match="executor.wrokers"):
        Config.from_dict({"executor": {"wrokers": 2}})
    with pytest.raises(ValueError, match="nosuch"):
        Config.from_dict({"nosuch": {}})


# Regression (issue 16, defect 6): only [limits] was range-checked; these passed and crashed the
# build after all the per-article work (or made every file fail with MemoryError).
@pytest.mark.parametrize(
    "section, key, value, message",
    [
        ("stories", "lsh_bands", 0, "stories.lsh_bands must be positive"),
        ("stories", "lsh_bands", 7, "must divide stories.minhash_perm"),
        ("stories", "minhash_perm", 0, "stories.minhash_perm must be positive"),
        ("stories", "hub_k", 0, "stories.hub_k must be positive"),
        ("claims", "knn", -5, "claims.knn must be positive"),
        ("limits", "max_file_bytes", 10**17, "limits.max_file_bytes must be positive and at most"),
        ("stories", "join_score", float("nan"), "stories.join_score must be a finite number"),
        ("claims", "link_z", float("inf"), "claims.link_z must be a finite number"),
        ("stories", "near_duplicate_jaccard", 1.5, "must be from 0.0 to 1.0"),
        ("report", "full_articles", -1, "report.full_articles must be from 0 up"),
        ("executor", "backend", "threads", "executor.backend must be one of local, dask"),
    ],
)
def test_config_every_section_is_validated(section, key, value, message):
    with pytest.raises(ValueError, match=message):
        Config.from_dict({section: {key: value}})


def test_config_validated_before_any_input_is_read(tmp_path):
    from rashomon.build import build

    cfg = Config()
    cfg.stories.lsh_bands = 0
    (tmp_path / "a.txt").write_text("Some text here.", encoding="utf-8")
    with pytest.raises(ValueError, match="lsh_bands"):
        build([str(tmp_path / "a.txt")], tmp_path / "out", cfg)
    assert not (tmp_path / "out").exists()


def test_config_cli_error_is_one_line(tmp_path):
    from typer.testing import CliRunner

    from rashomon.cli import app

    (tmp_path / "c.toml").write_text("[stories]\nlsh_bands = 0\n")
    (tmp_path / "a.txt").write_text("Some text here.", encoding="utf-8")
    r = CliRunner().invoke(
        app,
        [
            "build",
            str(tmp_path / "a.txt"),
            "--out",
            str(tmp_path / "o"),
            "-c",
            str(tmp_path / "c.toml"),
        ],
    )
    assert r.exit_code == 2
    assert r.output.strip().count("\n") == 0 and "lsh_bands" in r.output
    assert not (tmp_path / "o").exists()
    r = CliRunner().invoke(
        app, ["build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "-j", "-1"]
    )
    assert r.exit_code == 2 and "executor.workers must be from 0 up" in r.output
