"""``carecoord vault …``: create, verify, manage key slots, back up and restore."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from carecoord.cli.context import ENV_NEW_PASSPHRASE, Context
from carecoord.errors import EXIT_DAMAGED, EXIT_OK, KeyringUnavailable, UsageError, VaultTooNew
from carecoord.i18n import _
from carecoord.output_paths import output_file
from carecoord.vault import Vault, VerifyCheck, VerifyReport
from carecoord.vault.backup import create_backup, restore_backup
from carecoord.vault.checks import SCHEMA, VaultCheckFailed
from carecoord.vault.device import DeviceSecretStore, system_store


def register(commands: Any) -> None:
    vault = commands.add_parser("vault", help="create and manage the encrypted vault")
    sub = vault.add_subparsers(dest="vault_command", metavar="ACTION", parser_class=type(vault))
    sub.required = True

    init = sub.add_parser("init", help="create a vault; prints the recovery key once")
    init.add_argument(
        "--bind-device",
        action="store_true",
        help="also require this workstation's keyring secret for the passphrase",
    )
    init.set_defaults(handler=cmd_init)

    sub.add_parser(
        "verify", help="check encryption, pages, schema and the access log"
    ).set_defaults(handler=cmd_verify)
    sub.add_parser("passwd", help="change your passphrase").set_defaults(handler=cmd_passwd)

    add = sub.add_parser("add-user", help="add a user with their own passphrase")
    add.add_argument("name")
    add.add_argument("--bind-device", action="store_true")
    add.set_defaults(handler=cmd_add_user)

    remove = sub.add_parser("remove-user", help="remove a user and rotate the data key")
    remove.add_argument("name")
    remove.set_defaults(handler=cmd_remove_user)

    backup = sub.add_parser("backup", help="write an encrypted backup file")
    backup.add_argument("file", type=Path)
    backup.set_defaults(handler=cmd_backup)

    restore = sub.add_parser("restore", help="replace the vault with a backup")
    restore.add_argument("file", type=Path)
    restore.set_defaults(handler=cmd_restore)


def _bind_store(bind_device: bool) -> DeviceSecretStore | None:
    """The keyring for --bind-device; asking for binding without one is a usage error."""
    if not bind_device:
        return None
    try:
        return system_store()
    except KeyringUnavailable as exc:
        raise UsageError(
            _("%(problem)s Run without --bind-device.") % {"problem": exc.message}
        ) from exc


def cmd_init(ctx: Context, args: argparse.Namespace) -> int:
    user = ctx.user or getpass.getuser()
    store = _bind_store(args.bind_device)
    new = ctx.secrets.new(env="CARECOORD_PASSPHRASE", prompt="New passphrase")
    vault, recovery_key = Vault.create(
        ctx.folder, user, new, bind_device=args.bind_device, device_store=store
    )
    vault.lock()
    print(f"Vault created for user '{vault.user}'.")
    print("Recovery key (shown only this once; print it or write it down and store it safely):")
    print(recovery_key)
    return EXIT_OK


def cmd_verify(ctx: Context, _args: argparse.Namespace) -> int:
    try:
        report = ctx.open_vault().verify()
    except VaultCheckFailed as exc:
        # The vault refused to open: the check that stopped it is the report.
        report = VerifyReport([VerifyCheck(exc.check, False, exc.message)])
    except VaultTooNew as exc:
        report = VerifyReport([VerifyCheck(SCHEMA, False, exc.message)])
    for check in report.checks:
        print(f"{'ok' if check.ok else 'FAILED':6} {check.name}: {check.detail}")
    failed = report.first_failure
    if failed is not None:
        print(
            f"carecoord: vault verification failed at '{failed.name}': {failed.detail}",
            file=sys.stderr,
        )
        return EXIT_DAMAGED
    return EXIT_OK


def cmd_passwd(ctx: Context, _args: argparse.Namespace) -> int:
    vault = ctx.open_vault()
    if vault.user == "recovery" and not ctx.user:
        raise UsageError(
            _("Unlocked with the recovery key: name the user whose passphrase to set (--user).")
        )
    new = ctx.secrets.new(env=ENV_NEW_PASSPHRASE, prompt="New passphrase")
    target = ctx.user if vault.user == "recovery" else None
    vault.change_passphrase(new, user=target)
    print("Passphrase changed.")
    return EXIT_OK


def cmd_add_user(ctx: Context, args: argparse.Namespace) -> int:
    _bind_store(args.bind_device)  # refuse before asking for any passphrase
    vault = ctx.open_vault()
    new = ctx.secrets.new(env=ENV_NEW_PASSPHRASE, prompt=f"Passphrase for {args.name}")
    vault.add_user(args.name, new, bind_device=args.bind_device)
    print(f"User '{args.name}' added.")
    return EXIT_OK


def cmd_remove_user(ctx: Context, args: argparse.Namespace) -> int:
    vault = ctx.open_vault()
    vault.remove_user(args.name)
    print(f"User '{args.name}' removed; the data key was rotated.")
    return EXIT_OK


def cmd_backup(ctx: Context, args: argparse.Namespace) -> int:
    # Refused before asking for a passphrase: a backup over vault.db would destroy the vault.
    output_file(args.file, ctx.folder, create=False)
    manifest = create_backup(ctx.open_vault(), args.file)
    print(f"Backup written (vault schema version {manifest['schema_version']}).")
    return EXIT_OK


def cmd_restore(ctx: Context, args: argparse.Namespace) -> int:
    moved = restore_backup(
        ctx.folder, args.file, ctx.credentials(), device_store=ctx.device_store()
    )
    print("Vault restored from the backup.")
    if moved is not None:
        print(f"The vault it replaced was kept (encrypted) in {moved}.")
    return EXIT_OK
