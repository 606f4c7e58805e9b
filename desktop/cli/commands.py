"""The names of the CLI's commands, with nothing imported: the launcher and `python -m desktop`
decide between the command line and the window from these before loading either."""

JSON_COMMANDS = ("quote", "simulate", "waiting", "checklist", "compare")
#: subcommands that own their argument parsing (desktop.cli.roster, desktop.cli.pack)
DELEGATED_NAMES = ("roster", "pack")
COMMANDS = (*JSON_COMMANDS, "schema", "policy", "diff", *DELEGATED_NAMES)


def is_command(args: list[str]) -> bool:
    """True when the arguments ask for the command line rather than the window.

    The window takes only options (``--self-test``, Qt's ``-platform``, ...), so any first word
    that is not an option is meant for the command line: a mistyped command is answered there
    ("未知命令") instead of opening the window, or aborting where there is no display.
    """
    return bool(args) and (not args[0].startswith("-") or args[0] in {"-h", "--help"})
