; The per-user installer of 常州居民医保测算台: the one-folder build (build.spec with
; CZDESK_SPEC_LAYOUT=onedir) into %LOCALAPPDATA%\Programs\changzhou-insurance-desk, no
; administrator rights. Made on Linux by tools/windows/build.sh with Debian's makensis:
;
;   makensis -DVERSION=0.2.1 -DSRCDIR=dist/windows/onedir/changzhou-insurance-0.2.1 \
;            -DEXE=changzhou-insurance-0.2.1.exe -DOUTFILE=dist/windows/changzhou-insurance-0.2.1-setup.exe \
;            [-DSIGN="bash tools/windows/sign.sh"] tools/windows/installer.nsi
;
; Start-menu and desktop shortcuts named 常州居民医保测算台; an entry under 设置 → 应用 (the
; current user's Uninstall key) whose uninstaller removes the program and keeps the clerk's data
; (%LOCALAPPDATA%\changzhou-insurance-desk: settings, session, packs, log) unless the clerk says
; to delete it, or /DELETEDATA is given to a silent uninstall (/S). Nothing is unpacked at start:
; the program runs from its folder.

; 64-bit, as the program is (and so it runs under a 64-bit-only Wine in CI)
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION | SRCDIR | EXE | OUTFILE
  !error "pass -DVERSION= -DSRCDIR= -DEXE= -DOUTFILE= (see the top of this file)"
!endif

!define APPID "changzhou-insurance-desk"
!define NAME "常州居民医保测算台"
!define UNINST "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPID}"

!ifdef SIGN
  ; the installer and the uninstaller it writes, signed with the office's certificate
  !finalize '${SIGN} "%1"'
  !uninstfinalize '${SIGN} "%1"'
!endif

!include "FileFunc.nsh"

LoadLanguageFile "${NSISDIR}\Contrib\Language files\SimpChinese.nlf"
Name "${NAME}"
Caption "${NAME} ${VERSION} 安装"
UninstallCaption "${NAME} 卸载"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPID}"
ShowInstDetails nevershow
ShowUninstDetails nevershow
BrandingText "${NAME} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${NAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${NAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${NAME}"

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Section "install"
  SetShellVarContext current
  ; an older version's files go first, so nothing stale stays beside the new ones
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${SRCDIR}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  CreateShortcut "$DESKTOP\${NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  WriteRegStr HKCU "${UNINST}" "DisplayName" "${NAME}"
  WriteRegStr HKCU "${UNINST}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST}" "Publisher" "${NAME}"
  WriteRegStr HKCU "${UNINST}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKCU "${UNINST}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${NAME}.lnk"
  Delete "$DESKTOP\${NAME}.lnk"
  ; only what the installer put there: the program's folder (never the data folder, below)
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST}"

  ; the clerk's data stays unless asked: a reinstall, or the next version, carries on with it
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DELETEDATA" $R1
  IfErrors 0 delete_data
  IfSilent keep_data
  MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "是否同时删除本机保存的数据(设置、上次的会话、已安装的政策包、日志)?$\r$\n$\r$\n选“否”会保留这些数据,重新安装后可以继续使用。" IDYES delete_data
  Goto keep_data
  delete_data:
    RMDir /r "$LOCALAPPDATA\${APPID}"
  keep_data:
SectionEnd
