"""Per-article statement extraction: statements with attribution, polarity, hedges, quantities
and dates (one job per module: `statements`, `attribution`, `polarity`, `quantities`, `dates`).

    from rashomon.claims.extract import analyse_sentence, ExtractStatements
"""

from rashomon.claims.extract.dates import date_bounds, find_dates
from rashomon.claims.extract.quantities import find_quantities
from rashomon.claims.extract.statements import (
    ExtractStatements,
    analyse_sentence,
    split_clauses,
    statement_id,
)

__all__ = [
    "ExtractStatements",
    "analyse_sentence",
    "date_bounds",
    "find_dates",
    "find_quantities",
    "split_clauses",
    "statement_id",
]
