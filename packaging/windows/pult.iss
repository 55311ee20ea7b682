; Inno Setup script of the Pult client for Windows (Inno Setup 6).
; Built by packaging/windows/build.ps1, which passes /DAppVersion=<app.__version__> and, when a
; certificate is configured, /Spultsign=... so that the uninstaller is Authenticode-signed too.

#ifndef AppVersion
  #error AppVersion must be given: ISCC /DAppVersion=x.y.z (build.ps1 reads it from app/__init__.py)
#endif
#define AppName "Pult"
#define AppExe "pult.exe"
#define BundleDir "..\..\dist\pyinstaller\pult"

[Setup]
AppId={{6B1E2D0A-4E7B-4C53-9D3A-5A0F5C7E9B21}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Pult developers
AppPublisherURL=https://github.com/pult-project/pult
DefaultDirName={autopf}\Pult
DefaultGroupName=Pult
; Per-user install by default (no UAC prompt, as operators rarely are administrators); IT can choose
; all users with /ALLUSERS or from the dialog.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist\windows
OutputBaseFilename=pult-setup-{#AppVersion}
SetupIconFile=..\..\dist\icons\pult.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes
#ifdef SignCommand
SignTool=pultsign
SignedUninstaller=yes
#endif

[Languages]
Name: "ru"; MessagesFile: "compiler:Languages\Russian.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "autostart"; Description: "Start Pult when I sign in to Windows"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Pult"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\Pult"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon
Name: "{userstartup}\Pult"; Filename: "{app}\{#AppExe}"; Tasks: autostart

[Registry]
; tel:, callto: and sip: links open Pult (spec part 7, R-URL-1): per-user or per-machine classes (HKA follows
; the install mode), plus the Default Apps capability so Windows 10/11 offer Pult in their chooser.
Root: HKA; Subkey: "Software\Classes\tel"; ValueType: string; ValueData: "URL:Telephone call"; Flags: uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\tel"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\tel\DefaultIcon"; ValueType: string; ValueData: """{app}\{#AppExe}"",0"
Root: HKA; Subkey: "Software\Classes\tel\shell\open\command"; ValueType: string; ValueData: """{app}\{#AppExe}"" ""%1"""; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\callto"; ValueType: string; ValueData: "URL:CallTo Protocol"; Flags: uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\callto"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\callto\DefaultIcon"; ValueType: string; ValueData: """{app}\{#AppExe}"",0"
Root: HKA; Subkey: "Software\Classes\callto\shell\open\command"; ValueType: string; ValueData: """{app}\{#AppExe}"" ""%1"""; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\sip"; ValueType: string; ValueData: "URL:SIP Protocol"; Flags: uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\sip"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\sip\DefaultIcon"; ValueType: string; ValueData: """{app}\{#AppExe}"",0"
Root: HKA; Subkey: "Software\Classes\sip\shell\open\command"; ValueType: string; ValueData: """{app}\{#AppExe}"" ""%1"""; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Pult.URL"; ValueType: string; ValueData: "Pult call link"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Pult.URL\DefaultIcon"; ValueType: string; ValueData: """{app}\{#AppExe}"",0"
Root: HKA; Subkey: "Software\Classes\Pult.URL\shell\open\command"; ValueType: string; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Pult\Capabilities"; ValueType: string; ValueName: "ApplicationName"; ValueData: "Pult"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Pult\Capabilities"; ValueType: string; ValueName: "ApplicationDescription"; ValueData: "Contact-center operator workstation"
Root: HKA; Subkey: "Software\Pult\Capabilities\URLAssociations"; ValueType: string; ValueName: "tel"; ValueData: "Pult.URL"
Root: HKA; Subkey: "Software\Pult\Capabilities\URLAssociations"; ValueType: string; ValueName: "callto"; ValueData: "Pult.URL"
Root: HKA; Subkey: "Software\Pult\Capabilities\URLAssociations"; ValueType: string; ValueName: "sip"; ValueData: "Pult.URL"
Root: HKA; Subkey: "Software\RegisteredApplications"; ValueType: string; ValueName: "Pult"; ValueData: "Software\Pult\Capabilities"; Flags: uninsdeletevalue

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,Pult}"; Flags: nowait postinstall skipifsilent
