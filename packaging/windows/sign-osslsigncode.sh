#!/bin/sh
# Authenticode-sign Windows files from Linux with osslsigncode (Debian package osslsigncode), e.g. when the
# installer is built on a Windows runner but the key may only live on a Linux signing host.
#
#   PULT_WIN_CERT_PFX=cert.pfx PULT_WIN_CERT_PASSWORD=... packaging/windows/sign-osslsigncode.sh FILE...
#
# Each FILE is replaced by its signed copy and the signature is verified.
set -eu
: "${PULT_WIN_CERT_PFX:?path of the .pfx certificate}"
: "${PULT_WIN_CERT_PASSWORD:?password of the .pfx}"
timestamp="${PULT_WIN_TIMESTAMP_URL:-http://timestamp.digicert.com}"
for file in "$@"; do
    osslsigncode sign -pkcs12 "$PULT_WIN_CERT_PFX" -pass "$PULT_WIN_CERT_PASSWORD" \
        -h sha256 -n "Pult" -ts "$timestamp" -in "$file" -out "$file.signed"
    mv "$file.signed" "$file"
    osslsigncode verify -in "$file"
done
