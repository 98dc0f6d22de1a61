"""Reproducible performance measurements of the vault against plain SQLite (make bench)."""
