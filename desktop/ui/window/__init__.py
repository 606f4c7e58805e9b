"""The main window's parts beside its layout (desktop/ui/main_window.py), one job a module.

``geometry`` (first size, maximised on a small screen), ``tab_slot`` (a tab built when first
shown), ``actions`` (``Menus``: menus, toolbar, shortcuts, 大字模式, 关于), ``session_file`` (the
session file's shape and the data folder's leftovers, no Qt), ``session`` (``Session``: autosave,
restore, case files), ``slips`` (``Slips``: print, preview, PDF, year comparison), ``reload``
(``PackReload``: policy packs, a new window on the new data) and ``backup`` (``Backup``).
MainWindow owns one of each as an attribute (``menus``, ``session``, ``slips``, ``reload``,
``backup``); each is given what it needs of the window when it is made: constructor arguments, or
for the session a small Protocol (``SessionHost``) naming what it reads.
"""
