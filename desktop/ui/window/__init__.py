"""The main window's parts beside its layout (desktop/ui/main_window.py), one job a module.

``geometry`` (first size, maximised on a small screen), ``tab_slot`` (a tab built when first
shown), ``actions`` (menus, toolbar, shortcuts, 大字模式), ``session_file`` (the session file's
shape and the data folder's leftovers, no Qt), ``session`` (autosave, restore, case files),
``slips`` (print, preview, PDF, year comparison) and ``reload`` (policy packs: a new window on
the new data). The mixins hold methods of MainWindow and reach its widgets through ``self``;
``host`` declares what they use of it, for mypy only (never imported at run time).
"""
