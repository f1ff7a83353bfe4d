"""Stories: near-duplicates, article similarity across languages, incremental clustering."""
