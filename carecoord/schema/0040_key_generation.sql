-- The generation of vault.keys this database was last written with (carecoord/vault/generation.py).
-- One row, filled at the first open after this migration from the key file that opened it; a key
-- file whose generation is lower than this one is an old copy put back, and is refused.
CREATE TABLE key_generation (
    one        INTEGER PRIMARY KEY CHECK (one = 1),
    generation INTEGER NOT NULL CHECK (generation >= 1)
) STRICT;
