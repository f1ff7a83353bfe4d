"""Provenance: the sources each article cites (`cited`), and a best guess of the original report
of each story with its evidence (`original`)."""
