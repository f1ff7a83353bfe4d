"""Readers turn input paths into articles; failures are reported by name, never raised."""

from rashomon.readers.base import ReadError, ReadFailure, expand_paths, read_inputs

__all__ = ["ReadError", "ReadFailure", "expand_paths", "read_inputs"]
