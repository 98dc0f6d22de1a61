"""Domain models and rules of case coordination: code lists, pathway, deadlines, consent gate.

Pure Python and pydantic; no SQL (that lives in :mod:`carecoord.store`) and no Qt.
"""
