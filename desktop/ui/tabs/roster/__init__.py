"""村组名册: the tab itself (``tab``), the roster table's model, the column-mapping dialog, the worker
that reads and checks a roster with its progress row, the totals and slip, the export and the print.

Empty on purpose: the window imports ``desktop.ui.tabs.roster.tab`` by name when the tab is first shown.
"""
