# Build and sign the Pult client installer on Windows.
#
#   pwsh packaging/windows/build.ps1
#
# Needs: the project's venv (.venv, from requirements/dev.lock), Inno Setup 6 (ISCC.exe), and for signing
# the Windows SDK's signtool.exe. Signing happens when PULT_WIN_CERT_PFX (path to a .pfx, or its base64 in
# PULT_WIN_CERT_PFX_BASE64) and PULT_WIN_CERT_PASSWORD are set; otherwise the installer is built unsigned
# and the script says so. PULT_WIN_TIMESTAMP_URL overrides the RFC 3161 timestamp server.
$ErrorActionPreference = "Stop"
$Root = (Resolve-Path "$PSScriptRoot\..\..").Path
$Python = Join-Path $Root ".venv\Scripts\python.exe"
if (-not (Test-Path $Python)) { $Python = "python" }

$Version = (& $Python (Join-Path $Root "packaging\build.py") version).Trim()
Write-Host "[windows] Pult $Version"

& $Python (Join-Path $Root "packaging\build.py") client
if ($LASTEXITCODE -ne 0) { throw "bundle build failed" }

$Timestamp = if ($env:PULT_WIN_TIMESTAMP_URL) { $env:PULT_WIN_TIMESTAMP_URL } else { "http://timestamp.digicert.com" }
$Pfx = $env:PULT_WIN_CERT_PFX
if (-not $Pfx -and $env:PULT_WIN_CERT_PFX_BASE64) {
    $Pfx = Join-Path $env:RUNNER_TEMP "pult-signing.pfx"
    [IO.File]::WriteAllBytes($Pfx, [Convert]::FromBase64String($env:PULT_WIN_CERT_PFX_BASE64))
}
$Signing = [bool]($Pfx -and $env:PULT_WIN_CERT_PASSWORD)

function Find-SignTool {
    $found = Get-Command signtool.exe -ErrorAction SilentlyContinue
    if ($found) { return $found.Source }
    $kits = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" -ErrorAction SilentlyContinue
    if ($kits) { return ($kits | Sort-Object FullName | Select-Object -Last 1).FullName }
    throw "signtool.exe not found (install the Windows 10/11 SDK)"
}

function Sign-Files([string[]]$Files) {
    $tool = Find-SignTool
    & $tool sign /f $Pfx /p $env:PULT_WIN_CERT_PASSWORD /fd SHA256 /tr $Timestamp /td SHA256 /d "Pult" @Files
    if ($LASTEXITCODE -ne 0) { throw "signtool failed" }
}

$Bundle = Join-Path $Root "dist\pyinstaller\pult"
if ($Signing) {
    # Our own executables and Python extension modules carry our signature; antivirus products trust a
    # signed, unchanged bundle far more than an unsigned one (spec part 7, R-BLK-1).
    $targets = Get-ChildItem $Bundle -Recurse -Include *.exe, *.pyd | ForEach-Object { $_.FullName }
    Sign-Files $targets
} else {
    Write-Warning "PULT_WIN_CERT_PFX/PULT_WIN_CERT_PASSWORD not set: building an UNSIGNED installer"
}

$Iscc = Get-Command iscc.exe -ErrorAction SilentlyContinue
$IsccPath = if ($Iscc) { $Iscc.Source } else { "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
$IsccArgs = @("/DAppVersion=$Version")
if ($Signing) {
    $tool = Find-SignTool
    $IsccArgs += "/Spultsign=`"$tool`" sign /f `"$Pfx`" /p $($env:PULT_WIN_CERT_PASSWORD) /fd SHA256 /tr $Timestamp /td SHA256 `$f"
    $IsccArgs += "/DSignCommand=1"
}
& $IsccPath @IsccArgs (Join-Path $PSScriptRoot "pult.iss")
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }

$Setup = Join-Path $Root "dist\windows\pult-setup-$Version.exe"
if ($Signing) {
    Sign-Files @($Setup)
    & (Find-SignTool) verify /pa /v $Setup
    if ($LASTEXITCODE -ne 0) { throw "the installer's signature does not verify" }
}
Write-Host "[windows] $Setup"
