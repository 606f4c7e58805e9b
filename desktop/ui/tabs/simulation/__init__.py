"""医疗救助模拟: the tab (``tab``), the person line, the table of costs and its model, the selected cost's editor, the slip."""
