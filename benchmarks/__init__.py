"""Reproducible performance measurements (``make bench``); not timed unit tests."""
