"""Anonymised regional statistics with audited disclosure control (issue 7).

Public API (everything else is internal):

- :class:`carecoord.stats.records.StatsRecord`: the input, one coded record per person and year;
  :func:`carecoord.stats.source.records_for_period` is the seam the case store fills in.
- :class:`carecoord.stats.disclosure_settings.DisclosureSettings`: k (3–20, default 5), zeros, information
  loss (persons or cells), mode (``suppress`` or ``round5``); group disclosure is always on.
- :func:`carecoord.stats.export.preview` → :class:`carecoord.stats.release.Release`: every cell
  with value, status (F/A/D) and reason, the audit and advice; writes nothing. Files that leave
  publish every withheld cell as ``C`` and only the total withheld count (issue 13).
- :func:`carecoord.stats.export.export_statistics` / ``export_release``: write CSV, metadata.json,
  XLSX and PDF atomically into the chosen folder and record the export in the register
  (``stats_export`` tables, migration 0020). ``EXPORT_HOOKS`` lets the access log listen.

Method, in order (research/sdc.md):

1. Tables are data (:mod:`carecoord.stats.tables`); each partitions its population, so margins
   are true sums and the person tables of a period share one grand total.
2. Primary suppression (:mod:`carecoord.stats.primary`): 1 ≤ persons < k; zeros when configured;
   a cell holding every person of a margin (group disclosure, with its *gap* margin − cell kept
   wide); a cell that changed by 1..k−1 since an earlier export of the same period. A table of
   fewer than k persons is withheld whole (``protect._whole_tables``).
3. Secondary suppression (:mod:`carecoord.stats.secondary`): an exact MILP solved with HiGHS by
   generating the attacker's LP-duality cuts until the pattern passes (see that module for why
   this is exact).
4. Audit (:mod:`carecoord.stats.attack`, ``protect._audit``): for every suppressed cell the
   attacker's LP over everything published now and before (margins, shared totals, year = sum of
   quarters, non-negativity) gives min and max. Criterion: for every primary cell
   ``upper − lower ≥ k`` (the issue's "range at least k wide"). Any failure refuses the export.
   In ``round5`` mode published numbers are known only within ±2 (and never 1..k−1), a
   withheld cell is known from the rules to hold 1..k−1 (0..k−1 with zeros protected), and the
   criterion is that nothing narrows it further: ``upper − lower ≥ k − 2`` (``k − 1``).
5. Linked releases (:mod:`carecoord.stats.scopes`): exports of the same year whose municipalities
   overlap are one problem, modelled as atoms (time atoms × groups of municipalities). Quarters
   place a person by their first case of the year, so year = Σ quarters holds exactly; quarters
   nobody exported enter as their (unknown) sum. :mod:`carecoord.stats.history` turns earlier
   releases and the published rules into the attacker's knowledge.
"""
