from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def _user_cache(tmp_path_factory: pytest.TempPathFactory):
    """The user-level cache (vectors, the ONNX graph) in a folder of the test session: tests
    never read or fill the user's own, and every test of a session shares one."""
    import os

    path = tmp_path_factory.mktemp("user-cache")
    old = os.environ.get("RASHOMON_CACHE_DIR")
    os.environ["RASHOMON_CACHE_DIR"] = str(path)
    # The per-article stage cache is off in tests (its own tests turn it on): a test that
    # patches a stage's code would otherwise read what the unpatched stage made.
    old_stages = os.environ.get("RASHOMON_STAGE_CACHE")
    os.environ["RASHOMON_STAGE_CACHE"] = "off"
    yield path
    if old_stages is None:
        os.environ.pop("RASHOMON_STAGE_CACHE", None)
    else:
        os.environ["RASHOMON_STAGE_CACHE"] = old_stages
    if old is None:
        os.environ.pop("RASHOMON_CACHE_DIR", None)
    else:
        os.environ["RASHOMON_CACHE_DIR"] = old


SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five sample articles, read from ../shared/seeds (never copied into the repo)."""
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip(f"sample articles not found at {path}")
    return path


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip(f"development data not found at {path}")
    return path


@pytest.fixture(scope="session")
def seeds_built(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the seeds' dossier (store, dossier.json, report), built once per session
    with the default configuration."""
    from rashomon.build import build

    out = tmp_path_factory.mktemp("seeds-dossier")
    build([str(seeds_dir)], out)
    return out


@pytest.fixture(scope="session")
def seeds_dossier(seeds_built: Path) -> dict:
    """The seeds' dossier.json."""
    import json

    return json.loads((seeds_built / "dossier.json").read_text("utf-8"))
