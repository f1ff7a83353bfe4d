"""Indexes over the dossier shared by the sections."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rashomon.dossier import records_from_dict
from rashomon.report import views
from rashomon.report.sections.base import bdi
from rashomon.report.text import e

if TYPE_CHECKING:
    from rashomon.corpus import ClaimStatement, EntityRelation


class Context:
    """Indexes over the dossier shared by the sections."""

    def __init__(
        self,
        dossier: dict[str, Any],
        scope: Any = None,
        matrix_limit: int | None = None,
        relations: Iterable[EntityRelation] = (),
    ) -> None:
        self.d = dossier
        # The entity linker's relations (gazetteer: capital of, part of, ...); co-occurrence
        # is counted from the shown mentions instead (views.co_mentions).
        self.relations = [r for r in relations if r.kind != "co-occurrence"]
        self.scope = scope  # a `scope.Scope` when this is a bounded report of a large dossier
        # Rows of the claims matrix when it must be bounded (it grows as claims x articles).
        self.matrix_limit = scope.max_matrix_claims if scope is not None else matrix_limit
        # The dossier as typed records: what the graphs and the provenance section read.
        self.records = records_from_dict(dossier)
        self.infos = {a.info.id: a.info for a in self.records.articles}
        self.arts = {a["id"]: a for a in dossier["articles"]}
        self.order = {a["id"]: i for i, a in enumerate(dossier["articles"])}
        self.disputes = views.dispute_index(self.records.discrepancies)
        self.matrix = views.matrix(self.records.claims, self.records.discrepancies)
        self.original = views.original(self.records)
        self.statements: dict[str, dict[str, Any]] = {}  # id -> statement (+ claim)
        self.claim_statements: dict[str, ClaimStatement] = {}  # the same, typed
        self.by_span: dict[tuple[str, int, int], str] = {}
        for c in dossier.get("claims", []):
            for i, s in enumerate(c["statements"]):
                sid = s.get("id") or f"{c['id']}#{i}"
                self.statements[sid] = {**s, "id": sid, "claim": c["id"]}
        for claim in self.records.claims:
            for i, cs in enumerate(claim.statements):
                sid = cs.statement.id or f"{claim.id}#{i}"
                self.claim_statements[sid] = cs
                self.by_span[views.statement_key(cs)] = sid
        self.claim_labels = {
            c["id"]: c.get("label") or c["statements"][0]["text"] for c in dossier.get("claims", [])
        }
        self.claim_glosses = {c["id"]: c.get("gloss") for c in dossier.get("claims", [])}
        self.entities = {x["id"]: x for x in dossier.get("entities", [])}
        self._spans: dict[str, list[tuple[int, int, str, str]]] | None = None

    def label(self, aid: str) -> str:
        info = self.infos.get(aid)
        return views.label_of(info) if info else aid

    def source_tag(self, aid: str) -> str:
        """Outlet, language and date of an article, for an English sentence."""
        a = self.arts.get(aid)
        if a is None:
            return f"<span class=src>{bdi(aid)}</span>"
        bits = [views.language_name(a.get("language"))]
        if a.get("published"):
            bits.append(e(a["published"]))
        return (
            f'<a class="src" href="#art-{e(aid)}">{bdi(self.label(aid))}</a> '
            f'<span class="src-meta">({", ".join(e(b) for b in bits)})</span>'
        )

    def entity_name(self, ent: dict[str, Any]) -> str:
        latin = ent.get("latin")
        if latin and views.strip_controls(latin) != views.strip_controls(ent["name"]):
            guess = {
                "transliteration": ' <span class=guess title="transliterated: a guess">~</span>',
                "attested": ' <span class=guess title="transliterated: a guess, spelled as'
                ' English text spells it">~</span>',
            }.get(ent.get("latin_source") or "", "")
            return f"{bdi(latin)}{guess} <span class=orig>{bdi(ent['name'])}</span>"
        return bdi(latin or ent["name"])

    def spans_of(self, aid: str) -> list[tuple[int, int, str, str]]:
        """Statements, mentions, cited sources and discrepancy sides in article `aid` (one
        index over the dossier, built on first use: a scan per article was quadratic)."""
        if self._spans is None:
            self._spans = defaultdict(list)
            for sid, s in self.statements.items():
                self._spans[s["article"]].append((s["start"], s["end"], "st", sid))
            for ent in self.d.get("entities", []):
                for m in ent["mentions"]:
                    self._spans[m["article"]].append((m["start"], m["end"], "m", ent["id"]))
            for c in self.d["provenance"].get("cited_sources", []):
                self._spans[c["article"]].append((c["start"], c["end"], "cs", c["name"]))
            for d in self.d.get("discrepancies", []):
                for s in d["statements"]:
                    self._spans[s["article"]].append((s["start"], s["end"], "d", d["id"]))
        return self._spans.get(aid, [])

    def script_data(self) -> dict[str, Any]:
        """What report.js needs: graphs, timeline items, statement and entity details."""
        from rashomon.report.sections.scriptdata import script_data

        return script_data(self)
