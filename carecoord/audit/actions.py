"""The vocabulary of the access log: what can happen to a file or to the vault (NEN 7513 ch. 6)."""

from __future__ import annotations

from enum import StrEnum

from carecoord.i18n import _


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


def action_label(action: str) -> str:
    """The action in the reader's words, for the logboek screen (the CLI and exports keep the
    code, which scripts read). An action this version does not know shows as its code."""
    labels = {
        Action.CREATE: _("created"),
        Action.READ: _("read"),
        Action.UPDATE: _("changed"),
        Action.DELETE: _("deleted"),
        Action.SEARCH: _("searched"),
        Action.PRINT: _("printed"),
        Action.EXPORT: _("exported"),
        Action.IMPORT: _("imported"),
        Action.MERGE: _("merged"),
        Action.SPLIT: _("split"),
        Action.CONSENT_OVERRIDE: _("shared without consent"),
        Action.RECTIFY: _("rectified"),
        Action.SUBJECT_EXPORT: _("access request answered"),
        Action.LOGIN: _("unlocked"),
        Action.FAILED_LOGIN: _("failed unlock"),
        Action.LOCK: _("locked"),
        Action.KEY_SLOT_CHANGE: _("users or passphrases changed"),
        Action.BACKUP: _("backup made"),
        Action.RESTORE: _("backup restored"),
        Action.RETENTION_REVIEW: _("retention reviewed"),
        Action.RETENTION_ANONYMISE: _("anonymised (retention)"),
        Action.RETENTION_DESTROY: _("destroyed (retention)"),
        Action.LEGAL_HOLD_SET: _("legal hold set"),
        Action.LEGAL_HOLD_LIFT: _("legal hold lifted"),
        Action.LOG_PRUNE: _("old log entries removed"),
        Action.LOG_READ: _("log read"),
        Action.LOG_INTEGRITY_ALERT: _("log integrity alert"),
        Action.LOG_INTEGRITY_ACKNOWLEDGED: _("log integrity alert acknowledged"),
    }
    try:
        return labels[Action(action)]
    except ValueError:
        return action
