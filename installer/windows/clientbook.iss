; Inno Setup 6 script of the Windows installer: a per-user install (no administrator rights) of the
; one-folder bundle, with a Start-menu entry and an uninstaller that keeps the user's data.
;
; Build: `python installer/build.py` on Windows (it builds dist\Clientbook\, writes version.iss from
; clientbook.__version__ and runs `iscc` when Inno Setup is on PATH), or after it by hand:
;   iscc installer\windows\clientbook.iss      -> dist\Clientbook-<version>-setup.exe
;
; The user's data (vault, backups, preferences) lives in %LOCALAPPDATA%\Clientbook, outside the
; install folder, and the uninstaller removes only the files it installed.

#include "version.iss"
#define AppName "Clientbook"
#define AppExe "Clientbook.exe"
#define BundleDir "..\..\dist\Clientbook"
#define DataDir "{localappdata}\Clientbook"

[Setup]
AppId={{6F0B2C5E-8D3A-4E61-9B7C-1A2D3E4F5061}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
; per user: installs into %LOCALAPPDATA%\Programs\Clientbook, Start menu of this user only
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=..\..\resources\icons\clientbook.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
OutputDir=..\..\dist
OutputBaseFilename=Clientbook-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "ru"; MessagesFile: "compiler:Languages\Russian.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
ru.DataKept=Ваша клиентская база, резервные копии и настройки сохранены в папке:%n%1%nУдалите её вручную, только если данные больше не нужны.
en.DataKept=Your client base, backups and preferences are kept in:%n%1%nDelete that folder yourself only if you no longer need the data.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  { Nothing here deletes the data folder: the message only says where it stays. }
  DataDir := ExpandConstant('{#DataDir}');
  if (CurUninstallStep = usPostUninstall) and DirExists(DataDir) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [DataDir]), mbInformation, MB_OK);
end;
