#!/bin/bash
# Build, sign, notarize and staple Pult.app in a .dmg on macOS.
#
#   bash packaging/macos/build.sh
#
# Needs: the project's venv (.venv, from requirements/dev.lock) and Xcode command line tools. Signing needs
# PULT_MACOS_IDENTITY ("Developer ID Application: NAME (TEAMID)") in the keychain (CI imports it from
# PULT_MACOS_CERT_P12_BASE64 + PULT_MACOS_CERT_PASSWORD into a temporary keychain). Notarization needs
# PULT_NOTARY_PROFILE (a `xcrun notarytool store-credentials` profile) or PULT_NOTARY_APPLE_ID,
# PULT_NOTARY_TEAM_ID and PULT_NOTARY_PASSWORD (an app-specific password). Without them the .dmg is built
# unsigned and the script says so.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python="$root/.venv/bin/python"
[ -x "$python" ] || python=python3

version="$("$python" "$root/packaging/build.py" version)"
echo "[macos] Pult $version"
"$python" "$root/packaging/build.py" client

app="$root/dist/pyinstaller/Pult.app"
[ -d "$app" ] || { echo "PyInstaller made no Pult.app" >&2; exit 1; }
/usr/libexec/PlistBuddy -c "Print :NSMicrophoneUsageDescription" "$app/Contents/Info.plist" >/dev/null

if [ -n "${PULT_MACOS_CERT_P12_BASE64:-}" ]; then
    keychain="$RUNNER_TEMP/pult-signing.keychain-db"
    keychain_password="$(uuidgen)"
    echo "$PULT_MACOS_CERT_P12_BASE64" | base64 --decode > "$RUNNER_TEMP/pult-signing.p12"
    security create-keychain -p "$keychain_password" "$keychain"
    security set-keychain-settings -lut 21600 "$keychain"
    security unlock-keychain -p "$keychain_password" "$keychain"
    security import "$RUNNER_TEMP/pult-signing.p12" -P "$PULT_MACOS_CERT_PASSWORD" -A -t cert -f pkcs12 -k "$keychain"
    security set-key-partition-list -S apple-tool:,apple: -k "$keychain_password" "$keychain" >/dev/null
    security list-keychains -d user -s "$keychain" $(security list-keychains -d user | tr -d '"')
fi

if [ -n "${PULT_MACOS_IDENTITY:-}" ]; then
    # Inside out: every Mach-O file first, then the bundle with the entitlements (no --deep, which
    # would apply the entitlements to libraries as well and hides signing mistakes).
    find "$app/Contents" -type f \( -name "*.so" -o -name "*.dylib" -o -perm -u+x \) -print0 |
        while IFS= read -r -d '' file; do
            if file "$file" | grep -q "Mach-O"; then
                codesign --force --timestamp --options runtime --sign "$PULT_MACOS_IDENTITY" "$file"
            fi
        done
    codesign --force --timestamp --options runtime --entitlements "$here/entitlements.plist" \
        --sign "$PULT_MACOS_IDENTITY" "$app"
    codesign --verify --strict --deep --verbose=2 "$app"
else
    echo "[macos] PULT_MACOS_IDENTITY not set: building an UNSIGNED .dmg" >&2
fi

mkdir -p "$root/dist/macos"
dmg="$root/dist/macos/Pult-$version.dmg"
stage="$(mktemp -d)"
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
rm -f "$dmg"
hdiutil create -volname "Pult $version" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$dmg"
rm -rf "$stage"

if [ -n "${PULT_MACOS_IDENTITY:-}" ]; then
    codesign --force --timestamp --sign "$PULT_MACOS_IDENTITY" "$dmg"
    if [ -n "${PULT_NOTARY_PROFILE:-}" ]; then
        xcrun notarytool submit "$dmg" --keychain-profile "$PULT_NOTARY_PROFILE" --wait
    elif [ -n "${PULT_NOTARY_APPLE_ID:-}" ]; then
        xcrun notarytool submit "$dmg" --apple-id "$PULT_NOTARY_APPLE_ID" --team-id "$PULT_NOTARY_TEAM_ID" \
            --password "$PULT_NOTARY_PASSWORD" --wait
    else
        echo "[macos] no notary credentials: signed but NOT notarized (Gatekeeper will warn)" >&2
        echo "[macos] $dmg"
        exit 0
    fi
    xcrun stapler staple "$dmg"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
fi
echo "[macos] $dmg"
