"""The human-readable report."""
