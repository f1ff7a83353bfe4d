"""A data file of a package pinned to one version, read by a build script at build time only."""

from __future__ import annotations

import sys
from pathlib import Path


def pinned_file(
    package: str, version: str, module: str, *parts: str, pip: str, option: str
) -> Path:
    """The path of `parts` inside the installed `module` of `package`, which must be `version`;
    otherwise exit with a line saying how to install it (`pip`: the arguments of `pip
    install`) or which option of the script names the file instead."""
    from importlib import metadata

    try:
        dist = metadata.distribution(package)
    except Exception:  # noqa: BLE001 - not installed: say how
        sys.exit(f"{package} is not installed: `pip install {pip}` or {option}")
    if dist.version != version:
        sys.exit(f"{package} {dist.version} is installed; this script reads {version}'s data")
    # located, not imported: a package installed without its dependencies may not import
    return Path(str(dist.locate_file("/".join((module, *parts)))))
