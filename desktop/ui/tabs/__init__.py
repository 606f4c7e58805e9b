"""The window's working tabs, a package each: its ``tab`` module holds the layout and wiring, its
panels, models and helpers sit beside it."""
