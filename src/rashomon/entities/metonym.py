"""Seats of government and capitals used for the government they house ("the Kremlin said",
"Washington warned", «قالت موسكو», «مسکو اعلام کرد»).

A seat of government (a gazetteer entry of type facility, from the language packs) always
stands for its state: the gazetteer relates the two (`stands_for`). A capital stands for its
state only when the text makes it act: a mention of it next to a reported-speech cue (the
packs' `entities.speech`: said, warned, قالت, اعلام; after the name as in English and
Persian, or before it as in Arabic's verb-first sentences), or a mention the tagger typed an
organisation that linking joined to the capital. `mark` flags such mentions per article
(`Mention.extras["acting"]`); linking counts them per entity (`extras.acting`) and relates
an acting capital to its state (`relations`), when both are entities of the dossier.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from rashomon.entities.cues import cue_set

if TYPE_CHECKING:
    from rashomon.entities.doc import Doc
    from rashomon.record import Mention

# How far a speech cue may be from the name, in tokens, with no punctuation between: "Moscow
# has also warned", «مسکو روز دوشنبه اعلام کرد» (Persian puts the verb late), «وقالت موسكو».
AFTER = 3
BEFORE = 2


def _speech(doc: Doc, k: int) -> bool:
    return 0 <= k < len(doc.toks) and doc.toks[k].key in cue_set("SPEECH")


def acting_at(doc: Doc, i: int, j: int) -> bool:
    """Does the name on tokens [i, j) act: a speech cue within reach, no punctuation between?"""
    toks = doc.toks
    for k in range(j, min(len(toks), j + AFTER)):
        if toks[k].brk:
            break
        if _speech(doc, k):
            return True
    for k in range(i - 1, max(-1, i - 1 - BEFORE), -1):
        if toks[k + 1].brk:
            break
        if _speech(doc, k):
            return True
    return False


def mark(doc: Doc, mentions: list[Mention]) -> None:
    """Flag the mentions of seats and capitals that act (`extras["acting"] = True`)."""
    start_tok = {t.start: k for k, t in enumerate(doc.toks)}
    end_tok = {t.end: k + 1 for k, t in enumerate(doc.toks)}
    for m in mentions:
        eid = m.extras.get("gazetteer")
        if not eid or not doc.gaz.stands_for(eid):
            continue
        i, j = start_tok.get(m.start), end_tok.get(m.end)
        if i is not None and j is not None and acting_at(doc, i, j):
            m.extras["acting"] = True


def acts(row: dict) -> int:
    """1 if a stored mention row acts: flagged by `mark`, or typed an organisation."""
    if row.get("type") == "organisation":
        return 1
    extras = row.get("extras")
    return int(bool(extras and '"acting"' in extras and json.loads(extras).get("acting")))


def relations(ents: dict[str, tuple], by_gaz: dict[str, str]) -> list[tuple[str, str, str]]:
    """(capital entity, state entity, "stands_for") for each acting capital whose state is an
    entity too. `ents`: entity rows (id, name, type, latin, extras JSON); `by_gaz`: entity id
    by gazetteer entry."""
    from rashomon.entities.gazetteer import load

    gaz = load()
    out = []
    for eid, row in ents.items():
        ex = json.loads(row[4])
        g = ex.get("gazetteer")
        if not g or not ex.get("acting") or g not in gaz.capital_of:
            continue
        state = by_gaz.get(gaz.capital_of[g])
        if state and state != eid:
            out.append((eid, state, "stands_for"))
    return out
