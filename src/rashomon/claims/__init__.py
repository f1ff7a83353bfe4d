"""Claims: statements per article (`claims.extract`), their alignment across sources,
discrepancies and the timeline."""
