"""The window's working tabs: a package for each big tab (its ``tab`` module holds the layout and
wiring, its panels, models and helpers sit beside it), a single module for each small one."""
