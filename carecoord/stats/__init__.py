"""Anonymised regional statistics with audited disclosure control (issue 7).

Public API (everything else is internal):

- :class:`carecoord.stats.records.StatsRecord`: the input, one coded record per person and year;
  :func:`carecoord.stats.source.records_for_period` is the seam the case store fills in.
- :class:`carecoord.stats.settings.DisclosureSettings`: k (3–20, default 5), zeros, group
  disclosure, information loss (persons or cells), mode (``suppress`` or ``round5``).
- :func:`carecoord.stats.export.preview` → :class:`carecoord.stats.release.Release`: every cell
  with value, status (F/A/D) and reason, the audit and advice; writes nothing.
- :func:`carecoord.stats.export.export_statistics` / ``export_release``: write CSV, metadata.json,
  XLSX and PDF atomically into the chosen folder and record the export in the register
  (``stats_export`` tables, migration 0020). ``EXPORT_HOOKS`` lets the access log listen.

Method, in order (research/sdc.md):

1. Tables are data (:mod:`carecoord.stats.tables`); each partitions its population, so margins
   are true sums and the person tables of a period share one grand total.
2. Primary suppression (:mod:`carecoord.stats.primary`): 1 ≤ persons < k; zeros when configured;
   a cell holding every person of a margin (group disclosure); a cell that changed by 1..k−1
   since an earlier export of the same period.
3. Secondary suppression (:mod:`carecoord.stats.secondary`): an exact MILP solved with HiGHS by
   generating the attacker's LP-duality cuts until the pattern passes (see that module for why
   this is exact).
4. Audit (:mod:`carecoord.stats.attack`, ``protect._audit``): for every suppressed cell the
   attacker's LP over everything published now and before (margins, shared totals, year = sum of
   quarters, non-negativity) gives min and max. Criterion: for every primary cell
   ``upper − lower ≥ k`` (the issue's "range at least k wide"). Any failure refuses the export.
   In ``round5`` mode published numbers are known only within ±2 and the criterion is
   ``upper − lower ≥ 4`` (the suppressed cell can still take five values).
5. Linked releases: exports of the same region and year are one problem. Quarters place a person
   by their first case of the year, so year = Σ quarters holds exactly; quarters nobody exported
   enter as their (unknown) sum.
"""
