/* Test-harness stand-in for Windows 10/11's bcryptprimitives.dll!ProcessPrng, which Wine 8.0
 * lacks: pydantic-core (Rust's std) imports it, so _pydantic_core.pyd does not load under Wine.
 * Answers from the system RNG. Lives only in the Wine prefix, never in the .exe. */
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE out, SIZE_T len) {
    while (len) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(out, chunk)) return FALSE;
        out += chunk;
        len -= chunk;
    }
    return TRUE;
}
