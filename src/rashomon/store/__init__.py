"""The dossier store: one SQLite file per dossier."""

from rashomon.store.sqlite import Store, StoreLockedError

__all__ = ["Store", "StoreLockedError"]
