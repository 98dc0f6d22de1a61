"""The vocabulary of the access log: what can happen to a file or to the vault (NEN 7513 ch. 6)."""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    # Client files (NEN 7513 6: create, enter/add/delete, read, copy/print, transfer, search).
    CREATE = "create"
    READ = "read"  # opening a case counts
    UPDATE = "update"
    DELETE = "delete"
    SEARCH = "search"
    PRINT = "print"
    EXPORT = "export"  # to a file, another system or portable media
    IMPORT = "import"
    MERGE = "merge"
    SPLIT = "split"
    CONSENT_OVERRIDE = "consent_override"  # the emergency ("noodknop") route around consent
    RECTIFY = "rectify"
    SUBJECT_EXPORT = "subject_export"  # an access request (AVG art. 15) answered
    # Sessions and the vault itself.
    LOGIN = "login"
    FAILED_LOGIN = "failed_login"
    LOCK = "lock"
    KEY_SLOT_CHANGE = "key_slot_change"  # passwd, add-user, remove-user (detail: change)
    BACKUP = "backup"
    RESTORE = "restore"
    # Retention (issue 4): review, anonymise or destroy a case, legal hold, pruning the log.
    RETENTION_REVIEW = "retention_review"
    RETENTION_ANONYMISE = "retention_anonymise"
    RETENTION_DESTROY = "retention_destroy"
    LEGAL_HOLD_SET = "legal_hold_set"
    LEGAL_HOLD_LIFT = "legal_hold_lift"
    LOG_PRUNE = "log_prune"
    # The log itself (NEN 7513 6: events that affect the logging; Twiin: access to the log).
    LOG_READ = "log_read"
    LOG_INTEGRITY_ALERT = "log_integrity_alert"
    LOG_INTEGRITY_ACKNOWLEDGED = "log_integrity_acknowledged"
