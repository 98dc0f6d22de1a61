"""Repositories over the vault: the only place with SQL for case records.

The UI and the command line use :class:`carecoord.store.case_store.CaseStore`::

    store = open_store(vault)                   # carecoord.workspace: the access log attached
    client_id = store.clients.register(ClientFacts(...), ClientIdentity(...))
    case_id = store.cases.open(client_id, Signal(signal_date=...))
    page = store.cases.page(CaseQuery(phases=("shelter",), sort="next_deadline", limit=50))
    hits = store.cases.search("jansen")         # names, aliases, references, notes (FTS5)
    case = store.cases.case_file(case_id)       # CaseFile: everything about one case
    store.pathway.change_phase(case_id, "intake")   # TransitionRefused names both phases
    store.referrals.send(referral_id)           # ConsentMissing unless consent or override
    store.tasks.due_soon(days=14), store.tasks.overdue()   # deadlines and manual tasks

Threading: a store belongs to the thread that owns the vault's connection (the vault worker).
Modules: ``case_store`` (facade), ``manager`` (the core every manager shares), the managers
``clients``, ``cases``, ``signals``, ``pathway``, ``support``, ``consents``, ``referrals``, ``tasks``;
``case_list`` (paged list, search), ``case_reader`` (reads into domain models), ``rows`` (one row
builder per table, used by every writer), ``bulk`` (import and demo writes, batched),
``deadline_sync`` (derived deadlines),
``settings`` (region, exit programme name), ``organisations`` (partner directory), ``audit``
(the access-log hook), ``anonymise`` (what identifies a client), ``integrity`` (vault verify).
"""
