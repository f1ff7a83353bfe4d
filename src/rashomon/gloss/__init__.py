"""An English rendering (`gloss`) of every claim, statement, label and explanation.

`render` builds it from what Rashomon knows (entities' Latin names, negation, hedges, dates,
quantities) and a bilingual lexicon (`lexicon`); `mt` adds a machine translation when the user
has configured a model on disk; `apply` puts both into the dossier beside the originals.
"""

from rashomon.gloss.apply import Glosser, glosser_for
from rashomon.gloss.render import Gloss

__all__ = ["Gloss", "Glosser", "glosser_for"]
