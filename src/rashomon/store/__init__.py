"""The dossier store: one SQLite file per dossier."""

from rashomon.store.sqlite import NotADossierError, Store, StoreLockedError

__all__ = ["NotADossierError", "Store", "StoreLockedError"]
