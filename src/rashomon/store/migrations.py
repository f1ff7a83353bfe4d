"""Numbered schema migrations. Each runs in its own transaction; `PRAGMA user_version` records
the last one applied. Never edit a released migration: add the next number.

Derived, per-article data that later stages fill (quantities, dates, attribution chains) is
kept as JSON in typed tables keyed by content ids, so the dossier can be rebuilt from the store
alone.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            command TEXT NOT NULL, started TEXT NOT NULL, finished TEXT,
            status TEXT NOT NULL, version TEXT NOT NULL, config TEXT NOT NULL
        );
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            raw TEXT NOT NULL,
            text TEXT NOT NULL,
            key TEXT NOT NULL DEFAULT '',
            language TEXT, outlet TEXT, title TEXT, published TEXT,
            truncated INTEGER NOT NULL DEFAULT 0,
            repairs TEXT NOT NULL DEFAULT '[]',
            paragraphs TEXT NOT NULL DEFAULT '[]',
            sentences TEXT NOT NULL DEFAULT '[]',
            errors TEXT NOT NULL DEFAULT '[]',
            extras TEXT NOT NULL DEFAULT '{}',
            added_run INTEGER,
            seq INTEGER NOT NULL
        );
        CREATE INDEX articles_seq ON articles(seq);
        CREATE TABLE sources (
            source TEXT NOT NULL, article TEXT NOT NULL,
            PRIMARY KEY (source, article)
        );
        CREATE TABLE removed (
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL, text TEXT NOT NULL, reason TEXT NOT NULL, line INTEGER,
            PRIMARY KEY (article, seq)
        );
        CREATE TABLE mentions (
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            text TEXT NOT NULL, type TEXT NOT NULL, key TEXT NOT NULL, entity TEXT,
            confidence REAL NOT NULL DEFAULT 1.0, extras TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (article, seq)
        );
        CREATE INDEX mentions_key ON mentions(key);
        CREATE INDEX mentions_entity ON mentions(entity);
        CREATE TABLE statements (
            id TEXT PRIMARY KEY,
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            text TEXT NOT NULL, attribution TEXT NOT NULL DEFAULT '[]',
            polarity TEXT NOT NULL DEFAULT 'positive', hedged INTEGER NOT NULL DEFAULT 0,
            hedges TEXT NOT NULL DEFAULT '[]', quantities TEXT NOT NULL DEFAULT '[]',
            dates TEXT NOT NULL DEFAULT '[]', extras TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX statements_article ON statements(article, seq);
        CREATE TABLE failures (
            source TEXT PRIMARY KEY, reason TEXT NOT NULL, run INTEGER, at TEXT NOT NULL
        );
        CREATE TABLE embeddings (
            key TEXT PRIMARY KEY, model TEXT NOT NULL, dim INTEGER NOT NULL, vector BLOB NOT NULL
        );
        CREATE TABLE stories (id TEXT PRIMARY KEY, label TEXT, extras TEXT NOT NULL DEFAULT '{}');
        CREATE TABLE story_articles (
            article TEXT PRIMARY KEY, story TEXT NOT NULL, extras TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX story_articles_story ON story_articles(story);
        CREATE TABLE entities (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, latin TEXT,
            extras TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE entity_relations (
            a TEXT NOT NULL, b TEXT NOT NULL, kind TEXT NOT NULL, weight REAL NOT NULL DEFAULT 1.0,
            PRIMARY KEY (a, b, kind)
        );
        CREATE TABLE claims (id TEXT PRIMARY KEY, label TEXT, extras TEXT NOT NULL DEFAULT '{}');
        CREATE TABLE claim_statements (
            statement TEXT PRIMARY KEY, claim TEXT NOT NULL, score REAL NOT NULL DEFAULT 1.0
        );
        CREATE INDEX claim_statements_claim ON claim_statements(claim);
        CREATE TABLE discrepancies (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, claim TEXT, statements TEXT NOT NULL,
            explanation TEXT NOT NULL, confidence REAL NOT NULL DEFAULT 1.0,
            extras TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE timeline (
            seq INTEGER PRIMARY KEY, date TEXT NOT NULL, precision TEXT NOT NULL,
            label TEXT NOT NULL, claims TEXT NOT NULL DEFAULT '[]', extras TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE cited_sources (
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL, name TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            text TEXT NOT NULL, extras TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (article, seq)
        );
        CREATE TABLE reuse (
            a TEXT NOT NULL, b TEXT NOT NULL, kind TEXT NOT NULL, score REAL NOT NULL,
            extras TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (a, b, kind)
        );
        """,
    ),
    (
        2,
        # Full-text search (issue 7): FTS5 over the articles' matching key, kept in sync by
        # triggers. The key, not the display text: FTS5's tokenizers would split Arabic words
        # at diacritics and keep yeh/keheh variants apart, the key has folded them. The trigram
        # tokenizer matches substrings, so a word is found with its attached clitics (and-,
        # the-, to-, ...) in Arabic and Persian; queries need at least three characters.
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            key, content='articles', content_rowid='rowid', tokenize='trigram'
        );
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, key) VALUES (new.rowid, new.key);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, key) VALUES ('delete', old.rowid, old.key);
        END;
        CREATE TRIGGER articles_fts_update AFTER UPDATE OF key ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, key) VALUES ('delete', old.rowid, old.key);
            INSERT INTO articles_fts(rowid, key) VALUES (new.rowid, new.key);
        END;
        INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
        """,
    ),
    (
        3,
        # Machine translations (issue 15), cached by model and source text: a rebuild or an
        # export translates only what it has not seen. Keyed on a hash of (model, language,
        # text) so the key stays short whatever the text's length.
        """
        CREATE TABLE translations (
            key TEXT PRIMARY KEY,
            model TEXT NOT NULL, language TEXT NOT NULL, source TEXT NOT NULL,
            translation TEXT NOT NULL
        );
        """,
    ),
]
