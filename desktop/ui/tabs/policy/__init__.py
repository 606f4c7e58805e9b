"""政策: the tab (``tab``) and the table models of its figures and changes (``figures_model``).

Empty on purpose: the window imports ``desktop.ui.tabs.policy.tab`` by name when it builds the tab.
"""
