#!/usr/bin/env bash
# Run a Windows executable under the harness tools/windows/build.sh prepared (its Wine prefix):
#
#     bash tools/windows/run.sh dist/windows/changzhou-insurance-0.2.1.exe --self-test
#     echo '{...}' | bash tools/windows/run.sh EXE quote -
#
# The program's exit code is this script's; its stdout and stderr come out separately, decoded
# from the Windows code page to UTF-8 (CRLF -> LF); stdin is passed in. Switches:
#   CZ_WIN_LOCALE=zh_CN.UTF-8   (default) Chinese Windows, ANSI code page 936
#                 en_US.UTF-8   English Windows, code page 1252
#   CZ_WIN_PLATFORM=offscreen   (default) Qt's offscreen platform, no display
#                   windows     Qt's own Windows platform plugin, drawn by Wine under Xvfb
#   CZ_WIN_NO_VCREDIST=1        Wine's own VC++ 2015-2022 runtime DLLs refused, as on a PC
#                               without the redistributable: the .exe must bring its own
#   CZ_WIN_DRIVE_D=DIR          DIR appears to the program as drive D:
#   CZ_WIN_FROM_D=1             the EXE's own folder becomes D: and it is started as D:\EXE
#                               (a USB stick: portable mode, files beside the .exe)
#   CZ_WIN_CONSOLE=1            typed in a console, as in cmd.exe on Windows: the program is
#                               started with no standard handles (harness/console_launch.py)
#                               inside a terminal, and what it shows there is the output
#                               (UTF-8 as the terminal got it; stdin is not passed)
#   CZ_WIN_TIMEOUT=SECONDS      (default 300) the run is killed after this long (exit 124)
#   CZ_WIN_VERSION=win7|win8|win81|win10
#                               the Windows this one run is told it is on (Wine's AppDefaults
#                               for the .exe's name, removed afterwards); the prefix itself says
#                               Windows 10 (build.sh)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

[ $# -ge 1 ] || { echo "usage: $0 EXE [ARGS...]" >&2; exit 64; }
EXE="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
shift
[ -f "$EXE" ] || { echo "run.sh: no such file: $EXE" >&2; exit 66; }
LAUNCH="$EXE"
if [ "${CZ_WIN_FROM_D:-}" = 1 ]; then
    CZ_WIN_DRIVE_D="$(dirname "$EXE")"
    LAUNCH="D:\\$(basename "$EXE")"
fi
[ -f "$WINEPREFIX/.harness-stamp" ] || { echo "run.sh: no harness in $WINEPREFIX: run tools/windows/build.sh first" >&2; exit 69; }

PLATFORM="${CZ_WIN_PLATFORM:-offscreen}"
case "$PLATFORM" in
    offscreen) unset DISPLAY ;;
    windows)
        if [ -z "${CZ_WIN_IN_XVFB:-}" ]; then
            # a fresh X server, and (cz_wine_start below) a wineserver started inside it: Wine's
            # desktop process keeps the display it was started with
            CZ_WIN_IN_XVFB=1 exec xvfb-run -a -s "-screen 0 1366x768x24" bash "${BASH_SOURCE[0]}" "$EXE" "$@"
        fi
        ;;
    *) echo "run.sh: CZ_WIN_PLATFORM must be offscreen or windows, not $PLATFORM" >&2; exit 64 ;;
esac
# Wine passes QT_* variables on only when written WINEQT_*
export WINEQT_QPA_PLATFORM="$PLATFORM"

LOCALE="${CZ_WIN_LOCALE:-zh_CN.UTF-8}"
case "$LOCALE" in
    zh_CN*) CODEPAGE=gbk ;;
    en_US*) CODEPAGE=cp1252 ;;
    *) echo "run.sh: CZ_WIN_LOCALE must be zh_CN.UTF-8 or en_US.UTF-8, not $LOCALE" >&2; exit 64 ;;
esac
export LANG="$LOCALE" LC_ALL="$LOCALE"

if [ "${CZ_WIN_NO_VCREDIST:-}" = 1 ]; then
    # n = native only: Wine's builtin copies in system32 are refused, only the bundled ones load
    export WINEDLLOVERRIDES="$CZ_WIN_OVERRIDES;vcruntime140,vcruntime140_1,msvcp140,msvcp140_1,msvcp140_2=n"
    # a missing DLL is then reported by name ("err:module:import_dll Library VCRUNTIME140.dll ...")
    export WINEDEBUG="-all,err+module"
fi

DRIVE_D="$WINEPREFIX/dosdevices/d:"
APP_KEY="HKCU\\Software\\Wine\\AppDefaults\\$(basename "$EXE")"
case "${CZ_WIN_VERSION:-}" in
    "" | win7 | win8 | win81 | win10) ;;
    *) echo "run.sh: CZ_WIN_VERSION must be win7, win8, win81 or win10, not $CZ_WIN_VERSION" >&2; exit 64 ;;
esac
cleanup() {
    [ -z "${CZ_WIN_VERSION:-}" ] || wine reg delete "$APP_KEY" /f </dev/null >/dev/null 2>&1 || true
    cz_wine_stop
    [ -z "${CZ_WIN_DRIVE_D:-}" ] || rm -f "$DRIVE_D"
}
trap cleanup EXIT
if [ -n "${CZ_WIN_DRIVE_D:-}" ]; then
    [ -d "$CZ_WIN_DRIVE_D" ] || { echo "run.sh: CZ_WIN_DRIVE_D is not a folder: $CZ_WIN_DRIVE_D" >&2; exit 66; }
    rm -f "$DRIVE_D"
    ln -s "$(cd "$CZ_WIN_DRIVE_D" && pwd)" "$DRIVE_D"
fi

cz_wine_start
if [ -n "${CZ_WIN_VERSION:-}" ]; then
    wine reg add "$APP_KEY" /v Version /t REG_SZ /d "$CZ_WIN_VERSION" /f </dev/null >/dev/null 2>&1 \
        || { echo "run.sh: cannot set $APP_KEY" >&2; exit 70; }
fi

# from the code page to UTF-8 as it streams; a byte the code page cannot decode shows as U+FFFD
decode() {
    python3 -c '
import io, sys
src = io.TextIOWrapper(sys.stdin.buffer, encoding=sys.argv[1], errors="replace", newline=None)
for line in src:
    sys.stdout.write(line)
    sys.stdout.flush()
' "$CODEPAGE"
}

if [ "${CZ_WIN_CONSOLE:-}" = 1 ]; then
    # Wine's console draws on the terminal `script` gives it, in the terminal's UTF-8; its cursor
    # and erase sequences are taken out
    launch=(wine "$CZ_WIN_PY/python.exe" "$CZ_WIN_ROOT/tools/windows/harness/console_launch.py" "$LAUNCH" "$@")
    set +e
    SHELL=/bin/bash timeout "${CZ_WIN_TIMEOUT:-300}" script -qefc "$(printf '%q ' "${launch[@]}")" /dev/null </dev/null \
        | sed -u -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r//g'
    status="${PIPESTATUS[0]}"
    set -e
    exit "$status"
fi

# Output goes through pipes (Wine gives a program whose stdout is a plain file an invalid
# handle); so does stdin unless it is a terminal. stderr is decoded on its own, through a FIFO.
fifo_dir="$(mktemp -d)"
mkfifo "$fifo_dir/stderr"
decode <"$fifo_dir/stderr" >&2 &
decoder=$!
set +e
if [ -t 0 ]; then
    timeout "${CZ_WIN_TIMEOUT:-300}" wine "$LAUNCH" "$@" 2>"$fifo_dir/stderr" | decode
    status="${PIPESTATUS[0]}"
else
    cat | timeout "${CZ_WIN_TIMEOUT:-300}" wine "$LAUNCH" "$@" 2>"$fifo_dir/stderr" | decode
    status="${PIPESTATUS[1]}"
fi
wait "$decoder"
set -e
rm -rf "$fifo_dir"
exit "$status"
