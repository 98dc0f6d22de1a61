"""Versioned schema migrations: ``NNNN_name.sql`` files applied in order, forward only; a
version may add a data step in Python, ``NNNN_name.py`` with ``migrate(db)``, run after its
statements in the same transaction (carecoord/vault/migrations.py)."""
