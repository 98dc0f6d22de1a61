"""Answering an access request (AVG art. 15): everything held about one client, PDF and JSON.

Written only into the folder the user chose, each file atomically and owner-only, under a
generated name that says nothing about the client. The export is logged (``subject_export``,
one entry per case of the client) before the files are written, in the transaction that writes
them: if a file cannot be written, neither file is left behind and the entries roll back.
Reading the access log for the export is itself logged (``log_read``), as every log read is.
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from carecoord.audit import AccessLog, Action, LogEntry
from carecoord.domain.codelists import codelist
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.letters.archive import DocumentArchive, DocumentInfo
from carecoord.letters.model import AccessEntry, Language
from carecoord.letters.saving import save_document
from carecoord.letters.subject_report import (
    SubjectReport,
    SubjectRow,
    SubjectSection,
    render_subject_report,
)
from carecoord.output_paths import folder_for_writing, output_folder
from carecoord.store import subject_data
from carecoord.vault import Vault
from carecoord.workspace import open_store

FORMAT = "carecoord-subject-export"
VERSION = 1


@dataclass(frozen=True)
class ExportFiles:
    pdf: Path
    json: Path
    cases: int


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class SubjectExport:
    def __init__(self, vault: Vault, clock: Callable[[], datetime] = _utc_now) -> None:
        self._vault = vault
        self._clock = clock
        # Reads go through the store's unlogged reader: the export writes its own entries.
        self._store = open_store(vault)
        self._archive = DocumentArchive(vault.db)

    def collect(self, client_reference: str) -> dict[str, Any]:
        """Everything held about the client, as JSON-ready data (no entry is written here
        except the access log's own ``log_read``)."""
        read = self._store.read
        client_id = self._store.clients.id_for_reference(client_reference)
        if client_id is None:
            raise InputRejected(
                _("There is no client with reference '%(client_reference)s'.")
                % {"client_reference": client_reference}
            )
        client = read.client(client_id)
        case_ids = [
            int(r[0])
            for r in self._vault.db.all(
                "SELECT id FROM cases WHERE client_id = ? ORDER BY id", (client_id,)
            )
        ]
        cases: list[dict[str, Any]] = []
        organisation_ids: set[int] = set()
        documents: dict[int, DocumentInfo] = {}
        for case_id in case_ids:
            case = read.case_file(case_id)
            data = case.model_dump(mode="json", exclude={"client", "consents"})
            data["legal_hold"] = subject_data.legal_hold(self._vault.db, case_id)
            data["retention"] = subject_data.register_lines(self._vault.db, case_id)
            cases.append(data)
            organisation_ids.update(r.organisation_id for r in case.referrals)
            organisation_ids.update(
                s.provider_id for s in case.shelter_stays if s.provider_id is not None
            )
            # Case work (issue 16): contacts' organisations, meeting participants, action owners.
            organisation_ids.update(
                c.organisation_id for c in case.contacts if c.organisation_id is not None
            )
            for meeting in case.meetings:
                organisation_ids.update(meeting.organisation_ids)
                organisation_ids.update(
                    a.owner_organisation_id
                    for a in meeting.actions
                    if a.owner_organisation_id is not None
                )
            for key in (case.summary.reference, str(case_id)):
                documents.update({d.id: d for d in self._archive.for_case(key)})
            for referral in case.referrals:
                documents.update({d.id: d for d in self._archive.for_referral(str(referral.id))})
        consents = read.consents(client_id)
        organisation_ids.update(o for c in consents for o in c.recipient_ids)
        log = AccessLog(self._vault)
        entries: dict[int, LogEntry] = {e.seq: e for e in log.iter_entries(client_ref=client_id)}
        for case_id in case_ids:
            entries.update({e.seq: e for e in log.iter_entries(case_ref=case_id)})
        return {
            "format": FORMAT,
            "version": VERSION,
            "generated_at": self._clock().isoformat(),
            "client": {
                "reference": client.facts.reference,
                "facts": client.facts.model_dump(mode="json"),
                "identity": None
                if client.identity is None
                else client.identity.model_dump(mode="json"),
                # Custody, the ties to an employer and the employer's name (erased with the
                # identity on anonymisation).
                "circumstances": client.circumstances.model_dump(mode="json"),
                "identity_history": subject_data.identity_history(self._vault.db, client_id),
            },
            "consents": [c.model_dump(mode="json") for c in consents],
            "cases": cases,
            "organisations": [
                self._store.organisations.get(oid).model_dump(mode="json")
                for oid in sorted(organisation_ids)
            ],
            "documents": [
                {
                    **info.model_dump(mode="json"),
                    "content_base64": base64.b64encode(self._archive.get(info.id).content).decode(
                        "ascii"
                    ),
                }
                for info in sorted(documents.values(), key=lambda d: d.id)
            ],
            "access_log": [entries[seq].model_dump(mode="json") for seq in sorted(entries)],
            "_case_ids": case_ids,
            "_client_id": client_id,
        }

    def write(self, client_reference: str, folder: Path, language: Language = "nl") -> ExportFiles:
        # Checked now, created (0700) only when the files are written.
        folder = output_folder(Path(folder), self._vault.folder, create=False)
        data = self.collect(client_reference)
        case_ids: list[int] = data.pop("_case_ids")
        client_id: int = data.pop("_client_id")
        pdf = render_subject_report(report_of(data, language, self._clock()))
        payload = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
        name = f"subject-export-{self._clock():%Y%m%d}-{secrets.token_hex(4)}"
        pdf_path, json_path = folder / f"{name}.pdf", folder / f"{name}.json"
        log = AccessLog(self._vault)
        db = self._vault.db
        with folder_for_writing(folder), db.transaction():
            targets: list[int | None] = [*case_ids] or [None]
            for case_id in targets:
                log.record(
                    Action.SUBJECT_EXPORT,
                    case_ref=case_id,
                    client_ref=client_id,
                    detail={"files": 2, "cases": len(case_ids)},
                )
            save_document(payload, json_path, self._vault.folder)
            try:
                save_document(pdf, pdf_path, self._vault.folder)
            except BaseException:
                json_path.unlink(missing_ok=True)
                raise
        return ExportFiles(pdf=pdf_path, json=json_path, cases=len(case_ids))


# Internal row numbers mean nothing to the client (they stay in the JSON); organisation ids are
# shown as the organisation's name.
_HIDDEN_KEYS = frozenset(
    {
        "id",
        "client_id",
        "case_id",
        "consent_id",
        "source_id",
        "referral_id",
        "programme_id",
        "exit_programme_id",
        "task_id",
    }
)
_ORGANISATION_KEYS = frozenset(
    {"organisation_id", "recipient_id", "provider_id", "owner_organisation_id"}
)
_ORGANISATION_LIST_KEYS = frozenset({"further_recipient_ids"})


# Coded fields shown with the code list's words in the report's language (the JSON keeps codes).
# A key used by two records names both lists; their codes do not overlap, so the list that holds
# the value gives its words ("outcome" of the exit programme and of the bedenktijd).
_CODELISTS: dict[str, str | tuple[str, ...]] = {
    "phase": "phase",
    "from_phase": "phase",
    "to_phase": "phase",
    "sector": "sector",
    "signaller": "signaller",
    "location_type": "location_type",
    "exploitation_forms": "exploitation_form",
    "shelter_type": "shelter_type",
    "end_reason": "shelter_end_reason",
    "life_domain": "life_domain",
    "milestone": "exit_milestone",
    "outcome": ("exit_outcome", "reflection_outcome"),
    "referral_type": "referral_type",
    "urgency": "referral_urgency",
    "status": ("referral_status", "goal_status"),
    "purposes": "consent_purpose",
    "data_categories": "data_category",
    "given_by": "consent_giver",
    "gender": "gender",
    "closure_reason": "closure_reason",
    "offered_by": "reflection_offered_by",
    "ground": "permit_ground",
    "continued_outcome": "continued_residence",
    "basis": "comensha_basis",
    "already_registered_by": "already_registered_by",
    "route": "identification_route",
    "mdt_advice": "mdt_advice",
    "custody": "custody",
    "housing_tied_to_employer": "yes_no_unknown",
    "residence_registration": "residence_registration",
    "kind": ("task_kind", "meeting_kind"),
    "services": "referral_type",
    # Case work (issue 16); a goal's status shares the key with a referral's.
    "domain": "case_goal_domain",
    "role": "contact_role",
    "risk_level": "risk_level",
    "threats": "threat",
}


def _words(key: str, value: Any, language: Language) -> Any:
    names = _CODELISTS.get(key)
    if names is None:
        return value
    lists = [codelist(n) for n in ((names,) if isinstance(names, str) else names)]

    def word(v: Any) -> Any:
        found = next((c for c in lists if isinstance(v, str) and v in c), None)
        return v if found is None else found.label(v, language)

    if isinstance(value, list):
        return [word(v) for v in value]
    return word(value)


def _flat(
    value: Any,
    prefix: str = "",
    names: dict[int, str] | None = None,
    language: Language = "nl",
) -> list[SubjectRow]:
    """Nested JSON as 'a / b / c: value' rows, leaving out empty values and internal ids."""
    names = names or {}
    if isinstance(value, dict):
        rows: list[SubjectRow] = []
        for key, item in value.items():
            if key in _HIDDEN_KEYS:
                continue
            label = f"{prefix} / {key}" if prefix else key
            shown: Any = _words(key, item, language)
            if key in _ORGANISATION_KEYS and isinstance(item, int):
                label, shown = label.removesuffix("_id"), names.get(item, str(item))
            elif key in _ORGANISATION_LIST_KEYS and isinstance(item, list):
                label = label.removesuffix("_ids")
                shown = [names.get(i, str(i)) if isinstance(i, int) else i for i in item]
            rows.extend(_flat(shown, label, names, language))
        return rows
    if isinstance(value, list):
        if value and all(not isinstance(v, dict | list) for v in value):
            return [_row(prefix, ", ".join(str(v) for v in value))]
        return [
            row
            for i, v in enumerate(value, 1)
            for row in _flat(v, f"{prefix} {i}", names, language)
        ]
    if value is None or value == "":
        return []
    if isinstance(value, bool):
        return [_row(prefix, _YES_NO[language][value])]
    return [_row(prefix, str(value))]


_YES_NO: dict[str, dict[bool, str]] = {
    "nl": {True: "ja", False: "nee"},
    "en": {True: "yes", False: "no"},
}


def _row(label: str, value: str) -> SubjectRow:
    return SubjectRow(label=label.replace("_", " "), value=value)


def report_of(data: dict[str, Any], language: Language, now: datetime) -> SubjectReport:
    client = data["client"]
    names = {int(o["id"]): str(o["name"]) for o in data["organisations"]}
    sections = [
        SubjectSection(
            kind="client",
            title=client["reference"],
            rows=tuple(
                _flat(
                    {
                        "facts": client["facts"],
                        "identity": client["identity"],
                        "circumstances": client.get("circumstances"),
                    },
                    language=language,
                )
            ),
        ),
    ]
    if client["identity_history"]:
        sections.append(
            SubjectSection(
                kind="identity_history",
                rows=tuple(_flat(client["identity_history"], language=language)),
            )
        )
    sections.append(
        SubjectSection(
            kind="consents", rows=tuple(_flat(data["consents"], names=names, language=language))
        )
    )
    for case in data["cases"]:
        sections.append(
            SubjectSection(
                kind="case",
                title=str(case["summary"]["reference"]),
                rows=tuple(_flat(case, names=names, language=language)),
            )
        )
    sections.append(
        SubjectSection(
            kind="organisations", rows=tuple(_flat(data["organisations"], language=language))
        )
    )
    documents = tuple(
        SubjectRow(
            label=f"{d['created_at']} {d['kind']}",
            value=f"{d['reference']} ({d['language']}, {d['size']} bytes)",
        )
        for d in data["documents"]
    )
    entries = tuple(
        AccessEntry(
            at=datetime.fromisoformat(e["at"]),
            user=e["user"],
            workstation=e["workstation"],
            action=e["action"],
            what=str(e.get("detail", {}).get("what", "")),
        )
        for e in data["access_log"]
    )
    return SubjectReport(
        language=language,
        report_date=now.date(),
        client_reference=client["reference"],
        sections=tuple(sections),
        documents=documents,
        entries=entries,
    )
