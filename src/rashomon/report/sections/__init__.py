"""The report's seven sections as HTML (one module each, `render(ctx)`), the indexes they share
(`Context`) and the data its script needs (`scriptdata`).

Every value from the dossier goes through `e()` (escape) or `text_html()`; text of unknown
direction is wrapped in `<bdi>` (or given its own `dir`) so Arabic or Persian names inside an
English sentence, and numbers inside an Arabic one, keep their order.
"""

from rashomon.report.sections import (
    articles,
    brief,
    claims,
    discrepancies,
    entities,
    provenance,
    timeline,
)
from rashomon.report.sections.base import SECTIONS, bdi, jump_attrs
from rashomon.report.sections.context import Context

# In the order of SECTIONS: the page shows them so.
ORDER = (brief, discrepancies, claims, entities, timeline, provenance, articles)

__all__ = ["ORDER", "SECTIONS", "Context", "bdi", "jump_attrs"]
