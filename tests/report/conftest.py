from __future__ import annotations

from pathlib import Path

import pytest

from tests.report.synthetic import synthetic_dossier


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict[str, str]]:
    """(dossier, article ids by key) of the synthetic store."""
    return synthetic_dossier(tmp_path_factory.mktemp("synthetic"))


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict[str, str]]:
    return synthetic_dossier(tmp_path_factory.mktemp("hostile"), hostile=True)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/ at the repository root (gitignored): screenshots for people to look at."""
    path = Path(__file__).resolve().parents[2] / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
