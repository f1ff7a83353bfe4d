"""The machine-translation back-end's plumbing on a tiny model the test makes (random weights:
this proves loading, tokenising, translating, caching and the dossier fields, NOT quality)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("ctranslate2", reason="pip install 'rashomon[mt]'")
pytest.importorskip("sentencepiece", reason="pip install 'rashomon[mt]'")

from rashomon.config import Config, GlossConfig  # noqa: E402
from rashomon.dossier import build_dossier, validate_dossier  # noqa: E402
from rashomon.gloss.mt import CachedTranslator, translator_for  # noqa: E402
from rashomon.store.sqlite import Store  # noqa: E402
from tests.gloss.tiny_mt import build_tiny_model  # noqa: E402
from tests.report.synthetic import build_store  # noqa: E402


@pytest.mark.parametrize("layout", ["ctranslate2", "argos"])
def test_tiny_model_translates_into_the_dossier_and_the_cache(tmp_path: Path, layout: str):
    model = build_tiny_model(tmp_path / f"tiny-{layout}", layout=layout)
    db = tmp_path / "dossier.sqlite"
    build_store(db)
    config = Config(gloss=GlossConfig(backend=layout, model=str(model)))
    with Store(db, write=True) as store:
        d = build_dossier(store, config)
        validate_dossier(d)
        mt = [s for c in d["claims"] for s in c["statements"] if s["gloss"]["method"] != "original"]
        assert mt and all(s["gloss"]["method"] == f"mt:tiny-{layout}" for s in mt)
        # the structured rendering stays beside the translation; the original is untouched
        assert all(s["gloss"]["structured"] for s in mt)
        texts = {a["id"]: a["text"] for a in d["articles"]}
        assert all(texts[s["article"]][s["start"] : s["end"]] == s["text"] for s in mt)
        language = {a["id"]: a["language"] for a in d["articles"]}
        for s in mt:
            cached = store.get_translations(f"tiny-{layout}", language[s["article"]], [s["text"]])
            assert cached == {s["text"]: s["gloss"]["text"]}
        sources = [s["text"] for s in mt if language[s["article"]] == "ar"]
    # a second dossier reads the cache: the engine is never loaded
    with Store(db) as store:
        t = translator_for(config.gloss, store)
        assert t is not None
        t.engine = lambda: pytest.fail("the cached translations were not used")
        first = next(s for s in mt if s["text"] == sources[0])
        assert t.translate(sources[:1], "ar") == [first["gloss"]["text"]]


def test_translator_is_off_unless_configured_and_errors_say_what_to_do(tmp_path: Path):
    # a bad [gloss] section is refused when the configuration is read, before any input
    with pytest.raises(ValueError, match="gloss.backend must be one of"):
        Config.from_dict({"gloss": {"backend": "google"}})
    with pytest.raises(ValueError, match="needs gloss.model"):
        Config.from_dict({"gloss": {"backend": "argos"}})
    assert translator_for(GlossConfig()) is None
    with pytest.raises(ValueError, match="gloss.backend must be one of"):
        translator_for(GlossConfig(backend="google"))
    with pytest.raises(ValueError, match="needs gloss.model"):
        translator_for(GlossConfig(backend="argos"))
    with pytest.raises(FileNotFoundError, match="nothing is downloaded"):
        translator_for(GlossConfig(backend="ctranslate2", model=str(tmp_path / "nowhere")))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(FileNotFoundError, match="no SentencePiece model"):
        CachedTranslator("ctranslate2", str(empty)).translate(["نص"], "ar")
