"""Optional machine translation for the gloss, from a model already on the user's disk.

Configured in `[gloss]` (`backend`, `model`); used only then, and never downloads anything:
- `ctranslate2`: a CTranslate2 model folder (e.g. OPUS-MT converted with
  `ct2-transformers-converter`) holding its SentencePiece model(s): `source.spm` (and
  `target.spm`), or `sentencepiece.model` / `spm.model`;
- `argos`: an Argos Translate package unpacked (`unzip x.argosmodel`): its `model/` folder is a
  CTranslate2 model and its `sentencepiece.model` the tokenizer, so it runs on the same engine;
- `transformers`: a Hugging Face MarianMT or NLLB folder, loaded with `local_files_only=True`
  and `HF_HUB_OFFLINE=1` (needs torch and transformers installed by the user).

Translations are cached in the store (`Store.get_translations` / `put_translations`), so a
rebuild or an export translates only new text. Offsets never change: a translation is only
ever a `gloss.text`, the original stays as it is.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

BACKENDS = ("argos", "ctranslate2", "transformers")
_EXTRA = {
    "argos": "pip install 'rashomon[mt]'",
    "ctranslate2": "pip install 'rashomon[mt]'",
    "transformers": "pip install transformers 'torch==2.13.0' sentencepiece",
}
# NLLB names languages with script codes; Marian/OPUS-MT models are one pair each.
NLLB_CODES = {"ar": "arb_Arab", "fa": "pes_Arab", "en": "eng_Latn", "ru": "rus_Cyrl"}


def _need(module: str, backend: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise RuntimeError(
            f"the {backend} translation back-end needs {module}: {_EXTRA[backend]}"
        ) from exc


def _first(folder: Path, names: tuple[str, ...]) -> Path | None:
    return next((folder / n for n in names if (folder / n).is_file()), None)


class CT2Engine:
    """A CTranslate2 model with SentencePiece tokenizers (the OPUS-MT and Argos layouts)."""

    def __init__(self, model_dir: Path, spm_dir: Path, backend: str) -> None:
        ctranslate2 = _need("ctranslate2", backend)
        spm = _need("sentencepiece", backend)
        source = _first(spm_dir, ("source.spm", "sentencepiece.model", "spm.model"))
        if source is None:
            raise FileNotFoundError(
                f"no SentencePiece model in {spm_dir} (looked for source.spm, "
                "sentencepiece.model, spm.model): point gloss.model at the model's folder"
            )
        target = _first(spm_dir, ("target.spm",)) or source
        self.source = spm.SentencePieceProcessor(model_file=str(source))
        self.target = spm.SentencePieceProcessor(model_file=str(target))
        self.model = ctranslate2.Translator(str(model_dir), device="cpu", inter_threads=1)

    def translate(self, texts: list[str], language: str) -> list[str]:
        tokens = [self.source.encode(t, out_type=str) for t in texts]
        # A translation is rarely over twice its source's length; the cap stops a model that
        # never ends its sentence.
        longest = max((len(t) for t in tokens), default=0)
        results = self.model.translate_batch(
            tokens, beam_size=2, max_decoding_length=min(512, 2 * longest + 10)
        )
        return [self.target.decode(r.hypotheses[0]) for r in results]


class HFEngine:
    """A Hugging Face seq2seq model (MarianMT, NLLB) from a local folder, offline."""

    def __init__(self, model_dir: Path) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        tr = _need("transformers", "transformers")
        _need("torch", "transformers")
        self.tokenizer = tr.AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
        self.model = tr.AutoModelForSeq2SeqLM.from_pretrained(str(model_dir), local_files_only=True)
        self.model.eval()

    def translate(self, texts: list[str], language: str) -> list[str]:
        import torch

        kwargs: dict[str, Any] = {"max_new_tokens": 256, "num_beams": 2}
        if "eng_Latn" in self.tokenizer.get_vocab():  # NLLB: say the languages
            self.tokenizer.src_lang = NLLB_CODES.get(language, "arb_Arab")
            kwargs["forced_bos_token_id"] = self.tokenizer.convert_tokens_to_ids("eng_Latn")
        batch = self.tokenizer(texts, return_tensors="pt", padding=True, truncation=True)
        with torch.no_grad():
            out = self.model.generate(**batch, **kwargs)
        return self.tokenizer.batch_decode(out, skip_special_tokens=True)


class CachedTranslator:
    """Loads its engine on first use; translations go through the store's cache."""

    def __init__(self, backend: str, model: str, store: Any = None, batch_size: int = 16) -> None:
        self.backend, self.path, self.store, self.batch_size = (
            backend,
            Path(model),
            store,
            batch_size,
        )
        self.name = self.path.name or backend
        self._engine: Any = None

    def engine(self) -> Any:
        if self._engine is None:
            if not self.path.is_dir():
                raise FileNotFoundError(
                    f"gloss.model {self.path} is not a folder: give the path of a translation "
                    "model on this machine (nothing is downloaded)"
                )
            if self.backend == "transformers":
                self._engine = HFEngine(self.path)
            elif self.backend == "argos":
                self._engine = CT2Engine(self.path / "model", self.path, "argos")
            else:
                self._engine = CT2Engine(self.path, self.path, "ctranslate2")
            log.info("loaded translation model %s (%s)", self.path, self.backend)
        return self._engine

    def translate(self, texts: list[str], language: str) -> list[str]:
        cached = self.store.get_translations(self.name, language, texts) if self.store else {}
        todo = [t for t in dict.fromkeys(texts) if t not in cached]
        fresh: dict[str, str] = {}
        for i in range(0, len(todo), self.batch_size):
            part = todo[i : i + self.batch_size]
            fresh.update(zip(part, self.engine().translate(part, language), strict=True))
        if fresh and self.store is not None:
            self.store.put_translations(self.name, language, fresh)
        return [cached[t] if t in cached else fresh[t] for t in texts]


def translator_for(config: Any, store: Any = None) -> CachedTranslator | None:
    """The translator configured in `[gloss]`, or None when no back-end is set."""
    if not getattr(config, "backend", ""):
        return None
    if config.backend not in BACKENDS:
        raise ValueError(
            f"gloss.backend must be one of {', '.join(BACKENDS)} (or left out), "
            f"got {config.backend!r}"
        )
    if not config.model:
        raise ValueError(f"gloss.backend = {config.backend!r} needs gloss.model = PATH")
    if not Path(config.model).is_dir():
        raise FileNotFoundError(
            f"gloss.model {config.model} is not a folder: give the path of a translation model "
            "on this machine (nothing is downloaded)"
        )
    return CachedTranslator(config.backend, config.model, store)
