-- Deadlines (derived, kind <> 'manual', recomputed by the store) and manual tasks in one table so
-- that "due soon" and "overdue" are one indexed query; notes with full-text search.
CREATE TABLE tasks (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    due_on     TEXT NOT NULL,
    source_id  INTEGER,
    title      TEXT,                   -- manual tasks only; free text: identifying
    done_on    TEXT,
    created_by TEXT,
    created_at TEXT
) STRICT;

CREATE INDEX tasks_by_case ON tasks(case_id, due_on);
CREATE INDEX tasks_open_by_due ON tasks(due_on, case_id) WHERE done_on IS NULL;

CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    written_at TEXT NOT NULL,
    author     TEXT NOT NULL,
    body       TEXT NOT NULL
) STRICT;

CREATE INDEX notes_by_case ON notes(case_id, written_at);

-- External content: the text is stored once (in notes), the index inside the same encrypted file.
CREATE VIRTUAL TABLE notes_fts USING fts5(
    body, content='notes', content_rowid='id', tokenize="unicode61 remove_diacritics 2", prefix='2 3'
);

CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body);
END;

CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts(notes_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;

CREATE TRIGGER notes_fts_update AFTER UPDATE OF body ON notes BEGIN
    INSERT INTO notes_fts(notes_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body);
END;
