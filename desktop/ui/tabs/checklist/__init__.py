"""参保清单: the tab (``tab``), the resident's own checklist for this year from a few answers.

Empty on purpose: the window imports ``desktop.ui.tabs.checklist.tab`` by name when it builds the tab.
"""
