"""The window's working tabs, one module each."""
