"""报销测算: the tab (``tab``) and the parts it is built from, beside it."""
