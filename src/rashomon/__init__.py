"""Rashomon: one story, many tellings."""

__version__ = "0.1.0"
