"""医疗救助模拟: the tab (``tab``) and the parts it is built from, beside it (its events model too)."""
