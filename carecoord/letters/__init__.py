"""Printed documents: referral letters, handover summaries, recovery key sheets, access reports.

Each ``render_*`` function takes a pydantic model from :mod:`carecoord.letters.model` and
returns validated PDF/A-2b bytes, generated in memory; the same input gives the same bytes.
Nothing is written to disk: :func:`carecoord.letters.saving.save_document` writes where the
user chose, :class:`carecoord.letters.archive.DocumentArchive` keeps a copy in the vault, and
the UI prints through ``ui.printing``. Missing settings, consent or addresses are refused with
:class:`carecoord.errors.InputRejected` before anything is laid out.

Modules: ``referral_letter``, ``handover_summary``, ``recovery_sheet``, ``access_report``
(documents); ``model``, ``checks``, ``templates``, ``provider`` (input); ``layout``,
``blocks``, ``fonts``, ``formatting``, ``pdfa`` (machinery); ``saving``, ``archive``,
``events`` (output).
"""
