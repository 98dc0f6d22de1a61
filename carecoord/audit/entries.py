"""The access log's entries as read back: the entry model, time format, filters and paging sizes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from carecoord.audit.chain import Row
from carecoord.audit.detail import DetailValue, check_reference, parse_detail

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # fixed width, so text order is time order
DEFAULT_PAGE = 200
MAX_PAGE = 1000


def format_time(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


def parse_time(text: str) -> datetime:
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC)


class LogEntry(BaseModel):
    """One event as shown to coordinators, auditors and (in a subject export) the client."""

    model_config = ConfigDict(frozen=True)

    seq: int
    at: datetime
    user: str
    workstation: str
    action: str
    case_ref: str | None = None
    client_ref: str | None = None
    on_behalf_of: str | None = None
    detail: dict[str, DetailValue] = {}


@dataclass(frozen=True)
class FailedAttempt:
    at: datetime
    user: str
    workstation: str


@dataclass(frozen=True)
class EntryFilter:
    where: str  # starts with "seq > ?": the caller binds the page start first
    params: list[Any]
    case: str | None
    client: str | None
    detail: dict[str, DetailValue]

    @classmethod
    def build(
        cls,
        case_ref: str | int | None,
        client_ref: str | int | None,
        user: str | None,
        since: datetime | None,
        until: datetime | None,
    ) -> EntryFilter:
        where: list[str] = ["seq > ?"]
        params: list[Any] = []
        detail: dict[str, DetailValue] = {}
        case = check_reference(case_ref, "case") if case_ref is not None else None
        client = check_reference(client_ref, "client") if client_ref is not None else None
        if case is not None:
            where.append("case_ref = ?")
            params.append(case)
        if client is not None:
            where.append("client_ref = ?")
            params.append(client)
        if user is not None:
            where.append("user_name = ? COLLATE NOCASE")
            params.append(user.strip())
            detail["target_user"] = user.strip()
        if since is not None:
            where.append("at_utc >= ?")
            params.append(format_time(since))
            detail["since"] = format_time(since)
        if until is not None:
            where.append("at_utc < ?")
            params.append(format_time(until))
            detail["until"] = format_time(until)
        return cls(" AND ".join(where), params, case, client, detail)


def entry_from_row(row: Row) -> LogEntry:
    return LogEntry(
        seq=row.seq,
        at=parse_time(row.at_utc),
        user=row.user_name,
        workstation=row.workstation,
        action=row.action,
        case_ref=row.case_ref,
        client_ref=row.client_ref,
        on_behalf_of=row.on_behalf_of,
        detail=parse_detail(row.detail),
    )
