# Shared by tools/windows/build.sh and tools/windows/run.sh (sourced, not run).
#
# One work folder holds everything the Windows build and its harness need, so a second build
# reuses it: CZ_WIN_WORK, by default czdesk-windows in the user's cache folder
# (${XDG_CACHE_HOME:-~/.cache}). Never inside the checkout: the Wine prefix's dosdevices/z: links
# to /, and anything that walks the checkout (setuptools' package search in `pip install -e .`,
# grep -r, an editor's indexer) would follow it round the whole file system.
#   python/    the official Windows CPython (embeddable build) with the wheels installed
#   prefix/    the Wine prefix, with the harness stand-ins in its system32
#   dl/ wheels/ pyi/   downloads, win_amd64 wheels, PyInstaller's work folder
# Stamps in it record what was prepared from which inputs; changed inputs redo that step only.

CZ_WIN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CZ_WIN_WORK="${CZ_WIN_WORK:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/czdesk-windows}"
CZ_WIN_PY="$CZ_WIN_WORK/python"
export WINEPREFIX="$CZ_WIN_WORK/prefix" WINEARCH=win64
export WINEDEBUG="${WINEDEBUG:--all}"
# Mono and Gecko are not wanted (their installers would be downloaded); the patched ucrtbase.dll
# in the prefix's system32 (harness/patch_ucrtbase.py) is loaded instead of Wine's own
CZ_WIN_OVERRIDES="mscoree,mshtml=;ucrtbase=n,b"
export WINEDLLOVERRIDES="$CZ_WIN_OVERRIDES"

# Start one persistent wineserver for this script's Wine commands: short-lived servers race
# with the next command ("recvmsg: Connection reset by peer"). Wine's service processes start
# with the first program and inherit its stdout: start them here on /dev/null, or a later
# `wine ... | cat` never sees its pipe close.
cz_wine_start() {
    wineserver -k 2>/dev/null || true
    wineserver -w 2>/dev/null || true
    wineserver -p
    wine cmd.exe /c exit </dev/null >/dev/null 2>&1 || true
}

cz_wine_stop() {
    wineserver -k 2>/dev/null || true
    wineserver -w 2>/dev/null || true
}

# Windows Python with its output piped: Wine gives a program whose stdout is a plain file an
# invalid handle, so output always goes through a pipe.
cz_wine_py() {
    wine "$CZ_WIN_PY/python.exe" "$@" </dev/null 2>&1 | cat
    return "${PIPESTATUS[0]}"
}
