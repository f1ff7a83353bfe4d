"""A tiny, randomly initialised CTranslate2 translation model with a SentencePiece tokenizer,
made in a temp folder: it proves the loading and translation plumbing, not any quality (its
output is noise, by construction)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

SENTENCES = [
    "قال وزير الخارجية إن فنزويلا لم تطلب مساعدات عسكرية من موسكو",
    "وكشفت وثائق أمريكية أن الرئيس طلب دعما عسكريا عاجلا",
    "گفت ونزوئلا از روسیه درخواست کمک نظامی کرده است",
    "the minister said Venezuela did not ask Moscow for military aid",
    "documents show the president asked for urgent military support",
] * 4


def _set(spec, name: str, value) -> None:
    obj = spec
    parts = name.split("/")
    for part in parts[:-1]:
        base, _, index = part.rpartition("_")
        if index.isdigit() and hasattr(obj, base):
            obj = getattr(obj, base)[int(index)]
        else:
            obj = getattr(obj, part)
    setattr(obj, parts[-1], value)


def _shape(name: str, d: int, ffn: int, vocab: int) -> tuple[int, ...]:
    if name.endswith(("gamma", "beta")):
        return (d,)
    if "embeddings" in name or "projection" in name:
        return (vocab, d)
    if "ffn/linear_0" in name:
        return (ffn, d)
    if "ffn/linear_1" in name:
        return (d, ffn)
    if "self_attention/linear_0" in name:
        return (3 * d, d)
    if "/attention/linear_1" in name:  # the decoder's cross-attention keys and values
        return (2 * d, d)
    return (d, d)


def build_tiny_model(folder: Path, *, layout: str = "ctranslate2") -> Path:
    """Write a tiny model to `folder` in the `ctranslate2` (OPUS-MT: model files and
    source.spm) or `argos` (model/ and sentencepiece.model) layout; returns `folder`."""
    import ctranslate2
    import sentencepiece as spm
    from ctranslate2.specs import transformer_spec

    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "corpus.txt"
    corpus.write_text("\n".join(SENTENCES), encoding="utf-8")
    spm_name = "sentencepiece" if layout == "argos" else "source"
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(folder / spm_name),
        vocab_size=60,
        character_coverage=1.0,
        model_type="unigram",
        seed_sentencepiece_size=1000,
        num_threads=1,
        minloglevel=2,
    )
    sp_model = folder / f"{spm_name}.model"
    if layout != "argos":
        sp_model.rename(folder / "source.spm")
        sp_model = folder / "source.spm"
    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    d, ffn = 16, 32
    spec = transformer_spec.TransformerSpec.from_config(1, 2)
    rng = np.random.default_rng(20251205)
    for name, value in spec.variables().items():
        if value is None:
            shape = _shape(name, d, ffn, len(vocab))
            init = np.ones(shape) if name.endswith("gamma") else rng.normal(0, 0.2, shape)
            _set(spec, name, init.astype(np.float32))
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    model_dir = folder / "model" if layout == "argos" else folder
    model_dir.mkdir(exist_ok=True)
    spec.validate()
    spec.optimize(quantization=None)
    spec.save(str(model_dir))
    ctranslate2.Translator(str(model_dir))  # loads, or the test fails here
    return folder
