"""The command line: ``python -m desktop <command>`` (docs/CLI.md). Never imports Qt.

Nothing is imported here: the launcher reads desktop.cli.commands (the command names) before it
decides between the command line and the window, and the window must not pay for the rest.
desktop.cli.main holds the parser and the dispatch; each command group has its own module.
"""
