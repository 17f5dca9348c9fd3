; Inno Setup 6 script: the Windows installer of Comprimato Companion.
;
; packaging/build.py runs it after PyInstaller, with the version from app/__init__.py:
;   iscc /DAppVersion=X.Y.Z /DAppNumericVersion=X.Y.Z.0 /DBundleDir=...\dist\comprimato-companion
;        /DOutputDir=...\dist /DSetupIcon=...\com.comprimato.Companion.ico comprimato-companion.iss
; The version lives only in app/__init__.py: this script refuses to build without it.

#ifndef AppVersion
  #error AppVersion is not defined: build with packaging/build.py, which passes /DAppVersion from app/__init__.py
#endif
#ifndef AppNumericVersion
  #define AppNumericVersion "0.0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\comprimato-companion"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

#define AppId "com.comprimato.Companion"
#define AppName "Comprimato Companion"
#define AppExe "comprimato-companion.exe"

[Setup]
; AppId identifies the installation for updates and the uninstaller: never change it.
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Comprimato
AppPublisherURL=https://comprimato.com/
; The GPL, shown before installing (the bundle carries it, with SOURCE.txt).
LicenseFile={#BundleDir}\LICENSE
VersionInfoVersion={#AppNumericVersion}
VersionInfoProductVersion={#AppNumericVersion}
VersionInfoProductTextVersion={#AppVersion}
; Per-user install by default (no administrator needed); the user may choose all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=comprimato-companion-{#AppVersion}-windows-x64-setup
#ifdef SetupIcon
SetupIconFile={#SetupIcon}
#endif
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; A running copy holds its DLLs open: ask to close it before files are replaced.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; The Start menu entry. AppUserModelID matches the one the program sets for its taskbar button.
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; AppUserModelID: "{#AppId}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; AppUserModelID: "{#AppId}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#StringChange(AppName, '&', '&&')}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; PyInstaller's bytecode caches are not in [Files]; settings and streams in the user's
; AppData folders are kept.
Type: filesandordirs; Name: "{app}\_internal"
