"""Repositories over the vault: the only place with SQL for case records.

The UI and the command line call :class:`carecoord.store.case_store.CaseStore`.
"""
