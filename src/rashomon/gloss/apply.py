"""Adds the English rendering (`gloss`) to the dossier's items as they are assembled.

Every claim, statement, story label, discrepancy explanation and article title gets a `gloss`
beside its original (the original is never changed, and no offset moves): `text`, `method`
("structured", "original" for English text, "mt:<model>" when a translation model is
configured), the `parts` it was made from, and how many of the original's words it renders.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from rashomon.gloss.render import Gloss, Renderer, guess_language, has_rtl, isolate

_QUOTE = re.compile(r"«([^»]*)»")
_NAME_SMALL = {"a", "an", "and", "by", "for", "from", "in", "of", "on", "the", "to", "with"}


def as_name(glossed: str) -> str:
    """A glossed name capitalised as a title: "website Arab to the defence" -> "Website Arab to
    the Defence"."""
    words = glossed.split()
    return " ".join(
        w if (i and w in _NAME_SMALL) or not w[:1].islower() else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


_RTL_RUN = re.compile(
    r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]"
    r"(?:[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200c\u0660-\u0669\u06f0-\u06f9 .\-]*"
    r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc])?"
)


class Translator(Protocol):
    name: str

    def translate(self, texts: list[str], language: str) -> list[str]: ...


class Glosser:
    """Glosses dossier items; `translator` (optional) replaces the text of statements, titles
    and labels by a machine translation, keeping the structured rendering beside it."""

    def __init__(
        self,
        entities: list[dict[str, Any]],
        articles: dict[str, dict[str, Any]],
        translator: Translator | None = None,
    ) -> None:
        self.renderer = Renderer(entities)
        self.articles = articles  # id -> {"language", "outlet"}
        self.translator = translator
        # Glosses kept for a second pass over the same items (`remember`): None keeps none.
        self._kept: Collection[str] | None = None
        self._keep_all = False
        self._memo: dict[tuple, Gloss | None] = {}

    def remember(self, articles: Collection[str] | None) -> None:
        """Keep the glosses of the statements and titles of `articles` (None: of every article,
        and every label) so that a second pass (the report after dossier.json) reuses them
        instead of rendering them again; memory grows with what is kept only."""
        self._keep_all = articles is None
        self._kept = articles

    def _keeps(self, article: str | None) -> bool:
        return self._keep_all or (
            self._kept is not None and article is not None and article in self._kept
        )

    def _recall(self, key: tuple, article: str | None, make) -> Gloss | None:
        """`make()`, or a copy of what it gave for `key` before (when kept)."""
        if not self._keeps(article):
            return make()
        if key not in self._memo:
            self._memo[key] = make()
        g = self._memo[key]
        return None if g is None else replace(g, parts=list(g.parts))

    def _language(self, article: str | None, text: str) -> str:
        lang = (self.articles.get(article or "", {}).get("language") or "").split("-")[0]
        return lang or guess_language(text)

    def _translated(self, gloss: Gloss, text: str, language: str) -> Gloss:
        if self.translator is None or language == "en" or not has_rtl(text):
            return gloss
        (out,) = self.translator.translate([text], language)
        return Gloss(
            text=out,
            method=f"mt:{self.translator.name}",
            parts=["translation"],
            words=gloss.words,
            glossed=gloss.words,
            structured=gloss.text,
        )

    def outlet(self, article: str) -> str:
        """The outlet's name as the English line shows it: its Latin name, else its words
        glossed and capitalised as a name ("Constitution" for «الدستور», never "constitution
        asserts"), else the original isolated."""
        a = self.articles.get(article, {})
        name = a.get("outlet") or Path(a.get("source") or article).name
        shown = self.renderer.phrase(name, self._language(article, name))
        if has_rtl(name) and not has_rtl(shown) and not self.renderer.latin_name(name):
            shown = as_name(shown)
        return shown

    def body(self, span: dict[str, Any]) -> Gloss:
        """The statement's words alone (no frame)."""
        lang = self._language(span.get("article"), span["text"])
        if lang == "en" or not has_rtl(span["text"]):
            return Gloss(text=span["text"], method="original", words=0, glossed=0)
        marks = self.renderer.marks(span, lang)
        return self.renderer.words(span["text"], span["start"], lang, marks)

    def statement(self, s: dict[str, Any]) -> Gloss:
        key = (
            "statement", s.get("article"), s["start"], s["end"], s["text"],
            tuple(s.get("attribution") or ()), s.get("polarity"), bool(s.get("hedged")),
        )  # fmt: skip
        return self._recall(key, s.get("article"), lambda: self._statement(s))

    def _statement(self, s: dict[str, Any]) -> Gloss:
        body = self.body(s)
        if body.method == "original":
            return body
        lang = self._language(s.get("article"), s["text"])
        frame, parts = [], set(body.parts)
        if s.get("attribution"):
            frame.append(" ← ".join(self.renderer.phrase(a, lang) for a in s["attribution"]))
            frame[-1] += " says"
            parts.add("attribution")
        if s.get("polarity") == "negative":
            frame.append("— NOT —")
            parts.add("polarity")
        if s.get("hedged"):
            frame.append("— possibly —")
            parts.add("hedge")
        body.text = " ".join([*frame, body.text, f"[{self.outlet(s['article'])}]"])
        body.parts = sorted(parts | {"outlet"})
        return self._translated(body, s["text"], lang)

    def text(self, text: str | None, article: str | None = None) -> Gloss | None:
        """A label or a title: its words glossed (no spans known inside it)."""
        if not text:
            return None
        return self._recall(("text", article, text), article, lambda: self._text(text, article))

    def _text(self, text: str, article: str | None) -> Gloss:
        lang = self._language(article, text)
        if lang == "en" or not has_rtl(text):
            return Gloss(text=text, method="original")
        cues = self.renderer.marks({"start": 0, "end": len(text), "text": text}, lang)
        g = self.renderer.words(text, 0, lang, cues)
        return self._translated(g, text, lang)

    def explanation(self, d: dict[str, Any]) -> Gloss:
        """An explanation with its «quotes» replaced by their statements' glosses and the
        outlets and names in another script by their Latin names (or isolated)."""
        sides = d.get("statements", [])
        out, last, parts = [], 0, {"quotes"}
        text = d.get("explanation") or ""
        for m in _QUOTE.finditer(text):
            out.append(self._names(text[last : m.start()], sides))
            quoted = m.group(1).rstrip("…").strip()
            side = next((s for s in sides if quoted and s["text"].startswith(quoted)), None)
            out.append(
                "«" + (self.body(side).text if side else self._quote(m.group(1), sides)) + "»"
            )
            last = m.end()
        out.append(self._names(text[last:], sides))
        return Gloss(text="".join(out), method="structured", parts=sorted(parts))

    def _quote(self, quoted: str, sides: list[dict[str, Any]]) -> str:
        """A quote that is no whole statement (a phrase of one): its words glossed, with the
        original isolated beside it when less than half of them could be rendered."""
        lang = self._language(sides[0].get("article") if sides else None, quoted)
        g = self.renderer.words(quoted, 0, lang, [])
        if g.words and 2 * g.glossed >= g.words:
            return g.text
        return isolate(quoted)

    def _names(self, text: str, sides: list[dict[str, Any]]) -> str:
        """Outside the quotes: the sides' outlets as names, other runs in another script by
        their Latin names or glosses (or isolated)."""
        lang = self._language(sides[0].get("article") if sides else None, text)
        outlets: dict[str, str] = {}
        for side in sides:
            a = self.articles.get(side.get("article") or "", {})
            if a.get("outlet"):
                outlets[a["outlet"].strip()] = self.outlet(side["article"])

        def shown(m: re.Match[str]) -> str:
            run = m.group(0)
            return outlets.get(run.strip()) or self.renderer.phrase(run, lang)

        return _RTL_RUN.sub(shown, text)

    # -- dossier items (each returned with its gloss added) -----------------------------------
    def article(self, a: dict[str, Any]) -> dict[str, Any]:
        g = self.text(a.get("title"), a["id"])
        return {**a, "title_gloss": g.to_dict()} if g else a

    def story(self, s: dict[str, Any]) -> dict[str, Any]:
        # A story's label is one of its articles' titles, not always the first article's:
        # its language comes from its letters.
        g = self.text(s.get("label"))
        return {**s, "gloss": g.to_dict()} if g else s

    def claim(self, c: dict[str, Any]) -> dict[str, Any]:
        statements = [{**s, "gloss": self.statement(s).to_dict()} for s in c["statements"]]
        label = c.get("label") or ""
        head = label.rstrip("…").strip()  # a long label is a statement cut short
        same = next((s for s in statements if head and s["text"].startswith(head)), None)
        if same is not None:
            g = same["gloss"]
        else:
            lg = self.text(label)
            g = lg.to_dict() if lg else statements[0]["gloss"]
        return {**c, "statements": statements, "gloss": g}

    def discrepancy(self, d: dict[str, Any]) -> dict[str, Any]:
        return {**d, "gloss": self.explanation(d).to_dict()}

    def timeline(self, t: dict[str, Any]) -> dict[str, Any]:
        """A timeline entry with the rendering of its label: the statement it was cut from
        (entities, cues, dates resolved), else the label's words."""
        label = t.get("label") or ""
        head = label.rstrip("…").strip()
        same = next(
            (s for s in t.get("statements", []) if head and s.get("text", "").startswith(head)),
            None,
        )
        g = self.statement(same) if same is not None else self.text(label)
        return {**t, "gloss": g.to_dict()} if g else t


def glosser_for(store: Any, config: Any = None, only: Collection[str] | None = None) -> Glosser:
    """A Glosser over the store's entities and articles, with the configured translator."""
    from rashomon.dossier import iter_entities
    from rashomon.gloss.mt import translator_for

    entities = list(iter_entities(store, only))
    articles = store.article_heads()
    translator = translator_for(config.gloss, store) if config is not None else None
    return Glosser(entities, articles, translator)
