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
def seeds_dossier(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The seeds' dossier, built once per test session with the default configuration."""
    import json

    from rashomon.build import build

    out = tmp_path_factory.mktemp("seeds-dossier")
    build([str(seeds_dir)], out)
    return json.loads((out / "dossier.json").read_text("utf-8"))
