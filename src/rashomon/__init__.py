"""Rashomon: one story, many tellings."""

__version__ = "0.1.0"

# wordfreq's frequency tables held compactly (the same numbers, ~1/10 of the memory): before
# any module reads them (rashomon.models.frequencies says why)
from rashomon.models.frequencies import install as _install_frequencies  # noqa: E402

_install_frequencies()
