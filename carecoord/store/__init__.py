"""Repositories over the vault: the only place with SQL for case records.

The UI and the command line use :class:`carecoord.store.case_store.CaseStore`::

    store = CaseStore.for_vault(vault)          # audit sink from AUDIT_SINK_FACTORIES
    client_id = store.register_client(ClientFacts(...), ClientIdentity(...))
    case_id = store.open_case(client_id, Signal(signal_date=...))
    page = store.list_cases(CaseQuery(phases=("shelter",), sort="next_deadline", limit=50))
    hits = store.search("jansen")               # names, aliases, references, notes (FTS5)
    case = store.case_file(case_id)             # CaseFile: everything about one case
    store.change_phase(case_id, "intake")       # TransitionRefused names both phases
    store.send_referral(referral_id)            # ConsentMissing unless consent or override
    store.due_soon(days=14), store.overdue()    # deadlines and manual tasks

Threading: a store belongs to the thread that owns the vault's connection (the vault worker).
Modules: ``case_store`` (facade), ``case_list`` (paged list, search), ``case_reader`` (reads into
domain models), ``rows`` (one row builder per table, used by every writer), ``bulk`` (import
and demo writes, batched), ``deadline_sync`` (derived deadlines),
``settings`` (region, exit programme name), ``organisations`` (partner directory), ``audit``
(the access-log hook), ``anonymise`` (what identifies a client), ``integrity`` (vault verify).
"""
