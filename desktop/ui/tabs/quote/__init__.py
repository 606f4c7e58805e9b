"""保费测算, the first tab: the tab itself (``tab``), the household table and its model, the right-hand
column's boxes, the message line and the printed slip.

Empty on purpose: the window imports ``desktop.ui.tabs.quote.tab`` by name when it builds the tab.
"""
