"""Process hardening at start-up: no core dumps, and other processes may not read our memory.

A CareCoord process holds the vault's data key and decrypted case files in memory. A core dump,
a Windows Error Reporting dump or a debugger attached by another program of the same user would
put those on disk or in someone else's hands. What KeePassXC does in ``src/core/Bootstrap.cpp``
is done here from Python with ``ctypes`` (research/security.md §2, "Memory and process
hardening"):

- Linux: ``RLIMIT_CORE`` 0 (soft and hard), ``prctl(PR_SET_DUMPABLE, 0)``. Not dumpable also
  means another process of the same user cannot ``ptrace`` us or read ``/proc/<pid>/mem``.
  Known cost: the desktop portals identify the calling app through ``/proc/<pid>/root``, which a
  non-dumpable process hides from them (keepassxc#7607, there inside a snap). We ship no snap or
  Flatpak, and Qt uses its own file dialogs unless ``QT_QPA_PLATFORMTHEME=xdgdesktopportal`` is
  set; if portal dialogs fail on a workstation, that variable is the first thing to check.
- macOS: ``RLIMIT_CORE`` 0 and ``ptrace(PT_DENY_ATTACH)``. Risks: a process that is already
  being traced exits on this call (so the app cannot be started under a debugger at all), lldb
  and dtrace cannot attach later, and the protection is advisory to root (a kernel extension or
  a patched binary ignores it). The notarised bundle's hardened runtime (no ``get-task-allow``
  entitlement) refuses debuggers as well; this is the second line.
- Windows: ``SetErrorMode`` so a crash shows no Windows Error Reporting dialog, ``WerSetFlags``
  so a report never carries the heap, and a process DACL that leaves the owner only
  ``SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_TERMINATE`` (and ``READ_CONTROL``
  for the OWNER RIGHTS SID, which otherwise implies full control). Without
  ``PROCESS_VM_READ``/``PROCESS_QUERY_INFORMATION``, ``MiniDumpWriteDump`` and
  ``ReadProcessMemory`` fail for other processes of the user, WER's dumper included. An
  administrator can still take ``SeDebugPrivilege`` and read everything; no user-mode program
  can prevent that. Not done: ``SetDllDirectory("")`` as KeePassXC does, because the frozen
  app's bootloader sets the DLL directory to its own folder and Python extensions loaded later
  (reportlab, numpy) would no longer find their DLLs.

Nothing here can stop the operating system from swapping pages to disk or writing them into a
hibernation file; full-disk encryption (BitLocker, FileVault, LUKS) is what covers those.

Every measure is tried independently; a failure is reported, never raised, so a platform where
one call is missing still gets the others and the app still starts.
"""

from __future__ import annotations

import ctypes
import sys
from typing import NamedTuple

# Linux <linux/prctl.h>
PR_GET_DUMPABLE = 3
PR_SET_DUMPABLE = 4
# macOS <sys/ptrace.h>
PT_DENY_ATTACH = 31


# Named tuples rather than dataclasses: the app's start imports nothing else that needs the
# dataclasses module (issue 14).
class Measure(NamedTuple):
    name: str
    applied: bool
    detail: str = ""


class HardeningReport(NamedTuple):
    measures: tuple[Measure, ...]

    @property
    def ok(self) -> bool:
        return all(m.applied for m in self.measures)

    def failures(self) -> list[Measure]:
        return [m for m in self.measures if not m.applied]


def warning_line(report: HardeningReport) -> str | None:
    """One line for standard error when a measure failed (names only, no data)."""
    failed = report.failures()
    if not failed:
        return None
    return "process hardening incomplete: " + "; ".join(
        f"{m.name} ({m.detail})" if m.detail else m.name for m in failed
    )


def harden_process() -> HardeningReport:
    """Apply every measure this platform offers. Call first thing in every entry point."""
    measures: list[Measure] = []
    if sys.platform != "win32":
        measures.append(_no_core_files())
    if sys.platform == "linux":
        measures.append(_linux_not_dumpable())
    elif sys.platform == "darwin":
        measures.append(_macos_deny_attach())
    elif sys.platform == "win32":
        measures.extend(_windows_measures())
    return HardeningReport(tuple(measures))


def _no_core_files() -> Measure:
    import resource

    try:
        # Hard limit too: a later setrlimit by a library cannot raise it again.
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (OSError, ValueError) as exc:
        return Measure("core dumps disabled (RLIMIT_CORE)", False, str(exc))
    return Measure("core dumps disabled (RLIMIT_CORE)", True)


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def process_dumpable() -> bool | None:
    """Linux only: whether the kernel would write a core file or allow ptrace by the same user."""
    if sys.platform != "linux":
        return None
    prctl = _libc().prctl
    prctl.restype = ctypes.c_int
    return bool(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))


def _linux_not_dumpable() -> Measure:
    name = "process not dumpable (PR_SET_DUMPABLE 0)"
    try:
        prctl = _libc().prctl
    except (OSError, AttributeError) as exc:
        return Measure(name, False, str(exc))
    prctl.restype = ctypes.c_int
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        return Measure(name, False, f"errno {ctypes.get_errno()}")
    return Measure(name, process_dumpable() is False)


def _macos_deny_attach() -> Measure:
    name = "debuggers refused (ptrace PT_DENY_ATTACH)"
    try:
        ptrace = _libc().ptrace
    except (OSError, AttributeError) as exc:
        return Measure(name, False, str(exc))
    ptrace.restype = ctypes.c_int
    ptrace.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
    if ptrace(PT_DENY_ATTACH, 0, None, 0) != 0:
        return Measure(name, False, f"errno {ctypes.get_errno()}")
    return Measure(name, True)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    from ctypes import wintypes

    SEM_FAILCRITICALERRORS = 0x0001
    SEM_NOGPFAULTERRORBOX = 0x0002
    SEM_NOOPENFILEERRORBOX = 0x8000
    WER_FAULT_REPORTING_FLAG_NOHEAP = 0x1

    TOKEN_QUERY = 0x0008
    TOKEN_USER_CLASS = 1  # TOKEN_INFORMATION_CLASS.TokenUser
    ACL_REVISION = 2
    SE_KERNEL_OBJECT = 6
    DACL_SECURITY_INFORMATION = 0x00000004
    SYNCHRONIZE = 0x00100000
    READ_CONTROL = 0x00020000
    PROCESS_TERMINATE = 0x0001
    PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
    OWNER_RIGHTS_SID = "S-1-3-4"
    ACL_BYTES = 8  # sizeof(ACL)
    ACE_BYTES = 12  # sizeof(ACCESS_ALLOWED_ACE); over-counts the SID's first DWORD, as KeePassXC

    class _SidAndAttributes(ctypes.Structure):
        _fields_ = [("Sid", ctypes.c_void_p), ("Attributes", wintypes.DWORD)]

    class _TokenUser(ctypes.Structure):
        _fields_ = [("User", _SidAndAttributes)]

    def _windows_measures() -> list[Measure]:
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)
        return [
            _windows_error_mode(kernel32),
            _windows_wer_no_heap(kernel32),
            _windows_process_dacl(kernel32, advapi32),
        ]

    def _windows_error_mode(kernel32: ctypes.WinDLL) -> Measure:
        name = "no Windows Error Reporting dialog (SetErrorMode)"
        try:
            kernel32.GetErrorMode.restype = wintypes.UINT
            kernel32.SetErrorMode.argtypes = [wintypes.UINT]
            kernel32.SetErrorMode.restype = wintypes.UINT
            wanted = SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX
            kernel32.SetErrorMode(kernel32.GetErrorMode() | wanted)
            return Measure(name, (kernel32.GetErrorMode() & wanted) == wanted)
        except (OSError, AttributeError) as exc:
            return Measure(name, False, str(exc))

    def _windows_wer_no_heap(kernel32: ctypes.WinDLL) -> Measure:
        name = "crash reports without heap (WerSetFlags NOHEAP)"
        try:
            kernel32.WerSetFlags.argtypes = [wintypes.DWORD]
            kernel32.WerSetFlags.restype = ctypes.c_long
            result = kernel32.WerSetFlags(WER_FAULT_REPORTING_FLAG_NOHEAP)
        except (OSError, AttributeError) as exc:
            return Measure(name, False, str(exc))
        return Measure(name, result == 0, "" if result == 0 else f"HRESULT {result:#x}")

    def _windows_process_dacl(  # noqa: PLR0911 - one early return per Win32 call, as in C
        kernel32: ctypes.WinDLL, advapi32: ctypes.WinDLL
    ) -> Measure:
        """KeePassXC's createWindowsDACL(): the owner may only wait for, query and end us."""
        name = "memory closed to other processes (process DACL)"
        kernel32.GetCurrentProcess.restype = wintypes.HANDLE
        kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
        kernel32.LocalFree.argtypes = [ctypes.c_void_p]
        advapi32.OpenProcessToken.argtypes = [
            wintypes.HANDLE,
            wintypes.DWORD,
            ctypes.POINTER(wintypes.HANDLE),
        ]
        advapi32.GetTokenInformation.argtypes = [
            wintypes.HANDLE,
            ctypes.c_int,
            ctypes.c_void_p,
            wintypes.DWORD,
            ctypes.POINTER(wintypes.DWORD),
        ]
        advapi32.IsValidSid.argtypes = [ctypes.c_void_p]
        advapi32.GetLengthSid.argtypes = [ctypes.c_void_p]
        advapi32.GetLengthSid.restype = wintypes.DWORD
        advapi32.ConvertStringSidToSidW.argtypes = [
            wintypes.LPCWSTR,
            ctypes.POINTER(ctypes.c_void_p),
        ]
        advapi32.InitializeAcl.argtypes = [ctypes.c_void_p, wintypes.DWORD, wintypes.DWORD]
        advapi32.AddAccessAllowedAce.argtypes = [
            ctypes.c_void_p,
            wintypes.DWORD,
            wintypes.DWORD,
            ctypes.c_void_p,
        ]
        advapi32.SetSecurityInfo.argtypes = [
            wintypes.HANDLE,
            ctypes.c_int,
            wintypes.DWORD,
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        advapi32.SetSecurityInfo.restype = wintypes.DWORD

        token = wintypes.HANDLE()
        owner_rights = ctypes.c_void_p()
        try:
            if not advapi32.OpenProcessToken(
                kernel32.GetCurrentProcess(), TOKEN_QUERY, ctypes.byref(token)
            ):
                return Measure(name, False, f"OpenProcessToken error {ctypes.get_last_error()}")
            size = wintypes.DWORD(0)
            advapi32.GetTokenInformation(token, TOKEN_USER_CLASS, None, 0, ctypes.byref(size))
            buffer = ctypes.create_string_buffer(size.value)
            if not advapi32.GetTokenInformation(
                token, TOKEN_USER_CLASS, buffer, size, ctypes.byref(size)
            ):
                return Measure(name, False, f"GetTokenInformation error {ctypes.get_last_error()}")
            user_sid = ctypes.cast(buffer, ctypes.POINTER(_TokenUser)).contents.User.Sid
            if not advapi32.IsValidSid(user_sid):
                return Measure(name, False, "the process token has no valid user SID")
            if not advapi32.ConvertStringSidToSidW(OWNER_RIGHTS_SID, ctypes.byref(owner_rights)):
                return Measure(name, False, f"OWNER RIGHTS SID error {ctypes.get_last_error()}")
            acl_size = (
                ACL_BYTES
                + ACE_BYTES
                + advapi32.GetLengthSid(user_sid)
                + ACE_BYTES
                + advapi32.GetLengthSid(owner_rights)
            )
            acl_size = (acl_size + 3) & ~3  # ACLs are DWORD-aligned
            acl = ctypes.create_string_buffer(acl_size)
            if not advapi32.InitializeAcl(acl, acl_size, ACL_REVISION):
                return Measure(name, False, f"InitializeAcl error {ctypes.get_last_error()}")
            owner_access = SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_TERMINATE
            if not advapi32.AddAccessAllowedAce(acl, ACL_REVISION, owner_access, user_sid):
                return Measure(name, False, f"AddAccessAllowedAce error {ctypes.get_last_error()}")
            if not advapi32.AddAccessAllowedAce(acl, ACL_REVISION, READ_CONTROL, owner_rights):
                return Measure(name, False, f"AddAccessAllowedAce error {ctypes.get_last_error()}")
            result = advapi32.SetSecurityInfo(
                kernel32.GetCurrentProcess(),
                SE_KERNEL_OBJECT,
                DACL_SECURITY_INFORMATION,
                None,
                None,
                acl,
                None,
            )
            return Measure(name, result == 0, "" if result == 0 else f"SetSecurityInfo {result}")
        except (OSError, AttributeError) as exc:
            return Measure(name, False, str(exc))
        finally:
            if owner_rights.value:
                kernel32.LocalFree(owner_rights)
            if token.value:
                kernel32.CloseHandle(token)

else:

    def _windows_measures() -> list[Measure]:
        return []
