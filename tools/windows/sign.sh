#!/usr/bin/env bash
# Sign Windows binaries (Authenticode) with the office's code-signing certificate, on Linux:
#
#     CZ_SIGN_PFX=office.pfx CZ_SIGN_PASSWORD=... bash tools/windows/sign.sh FILE...
#
# CZ_SIGN_PFX is a PKCS#12 file (certificate + private key), CZ_SIGN_PASSWORD its password
# (passed to osslsigncode through a private temporary file, never on a command line).
# CZ_SIGN_TIMESTAMP_URL, when set, is the certificate authority's RFC 3161 time-stamp server:
# a time-stamped signature stays valid after the certificate expires (needs the network at
# build time; the program itself never uses it). A FILE that is already signed (by its maker,
# e.g. python311.dll by the PSF or Qt's DLLs by The Qt Company) is left as it is unless
# CZ_SIGN_FORCE=1. osslsigncode is the Debian package of that name.
set -euo pipefail
[ -n "${CZ_SIGN_PFX:-}" ] || { echo "sign.sh: CZ_SIGN_PFX is not set" >&2; exit 64; }
[ -f "$CZ_SIGN_PFX" ] || { echo "sign.sh: no such certificate file: $CZ_SIGN_PFX" >&2; exit 66; }
command -v osslsigncode >/dev/null || { echo "sign.sh: osslsigncode is missing (apt-get install osslsigncode)" >&2; exit 69; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
umask 077
printf '%s' "${CZ_SIGN_PASSWORD:-}" >"$work/pass"

signed=0
skipped=0
for file in "$@"; do
    if [ "${CZ_SIGN_FORCE:-}" != 1 ] && osslsigncode extract-signature -in "$file" -out "$work/sig" >/dev/null 2>&1; then
        skipped=$((skipped + 1))
        rm -f "$work/sig"
        continue
    fi
    args=(sign -pkcs12 "$CZ_SIGN_PFX" -readpass "$work/pass" -h sha256 -n "常州居民医保测算台")
    [ -z "${CZ_SIGN_TIMESTAMP_URL:-}" ] || args+=(-ts "$CZ_SIGN_TIMESTAMP_URL")
    if [ "${CZ_SIGN_FORCE:-}" = 1 ] && osslsigncode remove-signature -in "$file" -out "$work/unsigned" >/dev/null 2>&1; then
        cat "$work/unsigned" >"$file" && rm -f "$work/unsigned"
    fi
    osslsigncode "${args[@]}" -in "$file" -out "$work/out" >/dev/null || { echo "sign.sh: cannot sign $file" >&2; exit 1; }
    # keep the file's own permissions; replace in one step
    cat "$work/out" >"$work/copy" && chmod --reference="$file" "$work/copy" && mv -f "$work/copy" "$file"
    rm -f "$work/out"
    signed=$((signed + 1))
done
echo "sign.sh: signed $signed, already signed $skipped"
