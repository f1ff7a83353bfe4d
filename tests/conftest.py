from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
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
