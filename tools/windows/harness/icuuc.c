/* Test-harness stand-in for Windows 10/11's system icuuc.dll, which Wine 8.0 lacks: without it
 * Qt6Core.dll does not load under Wine. Lives only in the Wine prefix's system32, never in the
 * .exe (tools/windows/build.sh lists the archive and fails if it is there).
 *
 * Qt6Core imports these 20 ucnv_* functions for QStringConverter's extra codecs only; the
 * program uses UTF-8/UTF-16 (built into Qt), so every converter lookup simply fails here. */
#include <stddef.h>
#include <stdint.h>

#define EXPORT __declspec(dllexport)
#define U_FILE_ACCESS_ERROR 4

static void fail(int *err) {
    if (err && *err <= 0) *err = U_FILE_ACCESS_ERROR;
}

EXPORT void *ucnv_open(const char *name, int *err) { (void)name; fail(err); return NULL; }
EXPORT void ucnv_close(void *cnv) { (void)cnv; }
EXPORT void ucnv_reset(void *cnv) { (void)cnv; }
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
EXPORT int8_t ucnv_getMaxCharSize(const void *cnv) { (void)cnv; return 1; }
EXPORT const char *ucnv_getName(const void *cnv, int *err) { (void)cnv; fail(err); return NULL; }
EXPORT const char *ucnv_getStandardName(const char *n, const char *s, int *err) { (void)n; (void)s; fail(err); return NULL; }
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT int32_t ucnv_toUCountPending(const void *cnv, int *err) { (void)cnv; fail(err); return 0; }
EXPORT int32_t ucnv_fromUCountPending(const void *cnv, int *err) { (void)cnv; fail(err); return 0; }
EXPORT void ucnv_getToUCallBack(const void *cnv, void **action, const void **ctx) { (void)cnv; *action = NULL; *ctx = NULL; }
EXPORT void ucnv_getFromUCallBack(const void *cnv, void **action, const void **ctx) { (void)cnv; *action = NULL; *ctx = NULL; }
EXPORT void ucnv_setToUCallBack(void *cnv, void *action, const void *ctx, void **old_action, const void **old_ctx, int *err) {
    (void)cnv; (void)action; (void)ctx; (void)old_action; (void)old_ctx; fail(err);
}
EXPORT void ucnv_setFromUCallBack(void *cnv, void *action, const void *ctx, void **old_action, const void **old_ctx, int *err) {
    (void)cnv; (void)action; (void)ctx; (void)old_action; (void)old_ctx; fail(err);
}
EXPORT void ucnv_cbToUWriteUChars(void *args, const void *src, int32_t len, int32_t offset, int *err) {
    (void)args; (void)src; (void)len; (void)offset; fail(err);
}
EXPORT void ucnv_cbFromUWriteUChars(void *args, const void **src, const void *limit, int32_t offset, int *err) {
    (void)args; (void)src; (void)limit; (void)offset; fail(err);
}
EXPORT void ucnv_toUnicode(void *cnv, void **t, const void *tl, const char **s, const char *sl, int32_t *o, int8_t flush, int *err) {
    (void)cnv; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)flush; fail(err);
}
EXPORT void ucnv_fromUnicode(void *cnv, char **t, const char *tl, const void **s, const void *sl, int32_t *o, int8_t flush, int *err) {
    (void)cnv; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)flush; fail(err);
}
