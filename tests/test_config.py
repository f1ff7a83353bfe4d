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
