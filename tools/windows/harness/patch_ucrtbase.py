"""Write a copy of Wine 8.0's ucrtbase.dll whose strftime handles Chinese text (test harness only).

Wine's strftime_impl (dlls/msvcrt/time.c) asks _isleadbyte_l() of the low byte of each wide
character of the format, so under code page 936 a character like 日 (U+65E5; 0xE5 is a GBK lead
byte) is taken for half of a double-byte pair and the call fails with EINVAL: Qt's and Python's
date formatting then break under Wine although they work on Windows. The patch makes that
branch's conditional jump unconditional (je rel32 -> jmp rel32; nop). It only fits Debian's
wine 8.0~repack-4 build, checked by hash and by the bytes at the offset. The copy goes into the
Wine prefix's system32 and is loaded with WINEDLLOVERRIDES=ucrtbase=n,b; never into the .exe.

    python3 patch_ucrtbase.py SOURCE_DLL TARGET_DLL
"""

from __future__ import annotations

import hashlib
import struct
import sys

SHA256 = "bc4fa8aa2bdc0d970355e410c418b4122cc878d231cab379f7bce6da1657e585"
JE_AT, JUMP_TO = 0x6C99C, 0x6CA30  # the je after the _isleadbyte_l call, and where it jumps


def main(source: str, target: str) -> int:
    data = bytearray(open(source, "rb").read())
    if hashlib.sha256(data).hexdigest() != SHA256:
        print(f"{source} is not Debian wine 8.0~repack-4's ucrtbase.dll: find the branch again", file=sys.stderr)
        return 1
    rel = struct.unpack("<i", data[JE_AT + 2 : JE_AT + 6])[0]
    if data[JE_AT : JE_AT + 2] != b"\x0f\x84" or rel != JUMP_TO - (JE_AT + 6):
        print("unexpected bytes at the strftime branch", file=sys.stderr)
        return 1
    data[JE_AT : JE_AT + 6] = b"\xe9" + struct.pack("<i", JUMP_TO - (JE_AT + 5)) + b"\x90"
    # the "Wine builtin DLL" mark in the DOS stub would make Wine load its own copy instead
    data[0x40:0x50] = bytes(16)
    with open(target, "wb") as out:
        out.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
