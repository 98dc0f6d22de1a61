; Inno Setup 6 script: per-machine CareCoord installer, silent-capable, for SCCM/Intune.
;
; Build (on Windows, after `make package` or the PyInstaller command in README.md here):
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\carecoord.iss
; Signed build (see README.md): add  /DSIGN /Ssigntool="signtool.exe sign /fd SHA256 /tr <timestamp URL> /td SHA256 <certificate options> $f"
;
; Silent install:    CareCoord-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /LOG="%TEMP%\carecoord-setup.log"
; Silent uninstall:  "%ProgramFiles%\CareCoord\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;
; The program goes to Program Files (read-only for users). Vaults and settings live in each
; user's %LOCALAPPDATA%\CareCoord and registry HKCU\Software\CareCoord; the uninstaller removes
; only what [Files] installed and never touches those. Do not add [UninstallDelete] entries for
; user folders: a vault removed by an uninstaller is a client file destroyed.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=0.1.0 carecoord.iss
#endif
#define AppName "CareCoord"
#define DistDir "..\..\dist\carecoord"

[Setup]
; Never change AppId: upgrades and uninstall registration are keyed on it.
AppId={{B63DA4A8-116F-4DD1-857E-8E667DA69316}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CareCoord
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DisableDirPage=auto
DisableProgramGroupPage=yes
; Per-machine only: an administrator (or SCCM/Intune as SYSTEM) installs for every user.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist\installer
OutputBaseFilename={#AppName}-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
SetupLogging=yes
UninstallDisplayIcon={app}\carecoord-gui.exe
UninstallDisplayName={#AppName}
; A running CareCoord is closed through the Restart Manager (it locks the vault first) so its
; files can be replaced; it is not restarted as the installing (elevated) account.
CloseApplications=yes
RestartApplications=no
#ifdef SIGN
SignTool=signtool
SignedUninstaller=yes
#endif

[Languages]
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[InstallDelete]
; A new build replaces the whole bundle: no stale DLL or plugin from an older version remains.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\carecoord-gui.exe"; Comment: "Dossiers zorgcoördinatie mensenhandel"

[Run]
; Interactive installs only, and as the user who started setup, never as the elevated account
; (whose profile would then get the vault).
Filename: "{app}\carecoord-gui.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent runasoriginaluser unchecked
