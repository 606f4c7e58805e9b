"""Village rosters: read a household list, check every row, quote the good ones, total and export.

The steps are separate so the window can run the slow one (reading) in a worker and ask the clerk
about columns in between: :func:`read_table` → :func:`detect_mapping` → :func:`build_roster` →
:func:`export_xlsx` / :func:`register_html`. :func:`load_roster` chains them for the CLI.

One module per step: ``read`` (files to a :class:`RawTable`), ``columns`` (which column is which
field), ``checks`` (row checks and quoting), ``result`` and ``totals`` (what checking gives and its
sums), ``export`` (the .xlsx, written by ``xlsx_writer``) and ``register`` (the printed register);
``table_columns`` the one list of a checked roster's columns the export, the register and the
window's table are built from.

Resident data never goes to a log: errors carry row numbers and reasons, never names or ID numbers.
"""

from desktop.core.roster.checks import build_roster, load_roster, parse_aid_status, parse_category, parse_district
from desktop.core.roster.columns import (
    FIELD_LABELS,
    REQUIRED_FIELDS,
    ColumnMapping,
    MappingGuess,
    detect_mapping,
    header_field,
)
from desktop.core.roster.common import CancelCheck, Progress, RosterCancelled, RosterReadError
from desktop.core.roster.export import export_xlsx
from desktop.core.roster.read import RawTable, decode_text, read_table
from desktop.core.roster.register import register_html
from desktop.core.roster.result import HouseholdTotal, RosterResult, RosterRow, Totals, household_shown, row_note
from desktop.core.roster.totals import summary_lines

__all__ = [
    "FIELD_LABELS",
    "REQUIRED_FIELDS",
    "CancelCheck",
    "ColumnMapping",
    "HouseholdTotal",
    "MappingGuess",
    "Progress",
    "RawTable",
    "RosterCancelled",
    "RosterReadError",
    "RosterResult",
    "RosterRow",
    "Totals",
    "build_roster",
    "decode_text",
    "detect_mapping",
    "export_xlsx",
    "header_field",
    "household_shown",
    "load_roster",
    "parse_aid_status",
    "parse_category",
    "parse_district",
    "read_table",
    "register_html",
    "row_note",
    "summary_lines",
]
