"""Anonymised regional statistics with audited disclosure control (issue 7).

Public API: :func:`carecoord.stats.export.preview`, :func:`~carecoord.stats.export.export_statistics`,
:class:`~carecoord.stats.records.StatsRecord`, :class:`~carecoord.stats.settings.DisclosureSettings`.
"""
