"""The Dask executor on a real LocalCluster (2 worker processes) gives the local dossier.

Dask runs the per-article stages; the corpus steps run on the client, the same code whatever
the executor. The fast tests compare dossiers built with every per-article stage and no
corpus step (no model load, a few seconds); the slow one compares the seeds' dossier with the
whole default pipeline.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

pytest.importorskip("distributed")

from rashomon.build import build  # noqa: E402
from rashomon.cli import app  # noqa: E402
from rashomon.config import Config  # noqa: E402
from rashomon.executors import LocalExecutor, make_executor  # noqa: E402
from rashomon.executors.dask import DaskExecutor, DaskUnavailableError  # noqa: E402
from rashomon.pipeline.default import article_stages  # noqa: E402
from rashomon.record import Article  # noqa: E402

runner = CliRunner()


def comparable(dossier: dict) -> dict:
    """The dossier minus what legitimately differs between two runs: when it was made and
    how it was run (`meta.config.executor` records the executor)."""
    d = json.loads(json.dumps(dossier))
    del d["meta"]["created"]
    del d["meta"]["config"]["executor"]
    return d


@pytest.fixture()
def no_corpus_steps(monkeypatch):
    import rashomon.build as build_mod

    monkeypatch.setattr(build_mod, "corpus_steps", lambda config: [])


@pytest.fixture(scope="module")
def local_dossier(mixed_input, tmp_path_factory) -> dict:
    import rashomon.build as build_mod

    out = tmp_path_factory.mktemp("local")
    steps = build_mod.corpus_steps
    build_mod.corpus_steps = lambda config: []
    config = Config()
    config.executor.chunk_size = 3  # as the Dask builds below: chunk-level stages see the same
    try:
        build([str(mixed_input)], out, config)
    finally:
        build_mod.corpus_steps = steps
    return json.loads((out / "dossier.json").read_text("utf-8"))


@pytest.mark.slow
def test_dask_gives_the_seeds_dossier_with_the_default_pipeline(seeds_dir, tmp_path):
    """Whole default pipeline, chunks of 2 (3 tasks on 2 processes) on both sides: some stages
    look at a whole chunk (e.g. entity mentions propagated within it), so the chunk size is
    part of the input of the comparison; the runtime is what differs."""
    dossiers = []
    for backend in ("local", "dask"):
        config = Config()
        config.executor.backend = backend
        config.executor.workers = 2 if backend == "dask" else 1
        config.executor.chunk_size = 2
        build([str(seeds_dir)], tmp_path / backend, config)
        dossiers.append(json.loads((tmp_path / backend / "dossier.json").read_text("utf-8")))
    local, dask = dossiers
    assert dask["meta"]["config"]["executor"]["backend"] == "dask"
    assert local["entities"] and local["claims"]  # the comparison covers the corpus steps
    assert comparable(dask) == comparable(local)


def test_cli_dask_local_cluster_gives_the_local_dossier(
    mixed_input, local_dossier, tmp_path, no_corpus_steps
):
    # chunks of 3 over 14 articles: 5 tasks on 2 worker processes, results out of order
    (tmp_path / "c.toml").write_text("[executor]\nchunk_size = 3\n")
    r = runner.invoke(
        app,
        [
            "build",
            str(mixed_input),
            "--out",
            str(tmp_path / "o"),
            "--executor",
            "dask",
            "--workers",
            "2",
            "--config",
            str(tmp_path / "c.toml"),
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["processed"] == 14
    dask_dossier = json.loads((tmp_path / "o" / "dossier.json").read_text("utf-8"))
    assert dask_dossier["meta"]["config"]["executor"]["backend"] == "dask"
    assert len(dask_dossier["articles"]) == 14
    assert comparable(dask_dossier) == comparable(local_dossier)


@pytest.mark.slow  # starts a cluster of its own (~20 s); the CLI test above covers the default set
def test_scheduler_address_runs_on_that_cluster(
    mixed_input, local_dossier, tmp_path, no_corpus_steps
):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        config = Config()
        config.executor.backend = "dask"
        config.executor.scheduler = cluster.scheduler_address
        config.executor.chunk_size = 3
        build([str(mixed_input)], tmp_path, config)
    got = json.loads((tmp_path / "dossier.json").read_text("utf-8"))
    assert got["meta"]["config"]["executor"]["scheduler"].startswith("tcp://")
    assert comparable(got) == comparable(local_dossier)


def test_order_kept_and_in_flight_bounded(monkeypatch):
    """Articles come back in input order; the input is consumed lazily (never all at once)."""
    pulled = []

    def source(n):
        for i in range(n):
            pulled.append(i)
            yield Article.from_raw(f"Article number {i}. It has two sentences.", f"{i}.txt")

    ex = DaskExecutor(article_stages(Config()), workers=1, chunk_size=2, in_flight_per_worker=2)
    out = ex.run(source(40))
    first = next(out)
    # 1 worker thread x 2 chunks in flight x 2 articles, plus the chunk being cut
    assert len(pulled) <= 2 * 2 + 2
    rest = list(out)
    assert [a.source for a in [first, *rest]] == [f"{i}.txt" for i in range(40)]
    local = list(LocalExecutor(article_stages(Config()), chunk_size=2).run(source(40)))
    assert [a.to_dict() for a in [first, *rest]] == [a.to_dict() for a in local]


def test_unreachable_scheduler_is_a_clear_error():
    ex = DaskExecutor([], scheduler="tcp://127.0.0.1:9", connect_timeout=1)
    with pytest.raises(DaskUnavailableError, match="cannot reach the Dask scheduler at tcp://"):
        list(ex.run([]))


def test_make_executor_backends():
    config = Config()
    assert isinstance(make_executor([], config.executor), LocalExecutor)
    config.executor.backend = "dask"
    assert isinstance(make_executor([], config.executor), DaskExecutor)
    config.executor.backend = "spark"
    with pytest.raises(ValueError, match="unknown executor backend 'spark'"):
        make_executor([], config.executor)


def test_cli_rejects_bad_executor_options(tmp_path):
    r = runner.invoke(app, ["build", str(tmp_path), "--out", str(tmp_path), "--executor", "ray"])
    assert r.exit_code == 2 and "unknown executor 'ray'" in " ".join(r.output.split())
    r = runner.invoke(
        app,
        [
            "build",
            str(tmp_path),
            "--out",
            str(tmp_path),
            "--executor",
            "local",
            "--scheduler",
            "tcp://x:1",
        ],
    )
    assert r.exit_code == 2 and "--scheduler needs --executor dask" in " ".join(r.output.split())
