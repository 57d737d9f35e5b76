"""What the main window says about its lists: the counts in the status bar and the text of the empty-list
label. Plain functions of the totals and the list on screen; the window puts the text in its widgets.

The strings belong to the window's translation context ("MainWindow"), as they did when the window
built them itself."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.store import queries

from .models import RecordList

translate = QCoreApplication.translate


def count_text(totals: queries.Totals | None, records: RecordList | None, persons: bool) -> str:
    """The status bar's counts. ``records`` is the list on screen (None on the zero-employment tab),
    ``persons`` whether that is the person list."""
    parts = []
    if totals is not None:
        parts.append(translate("MainWindow", "Ledger: %1 households, %2 persons")
                     .replace("%1", f"{totals.households:,}").replace("%2", f"{totals.persons:,}"))
    if records is not None and records.filter.search.strip() and persons \
            and len(records.model.keys) >= queries.SEARCH_LIMIT:
        parts.append(translate("MainWindow", "only the best %1 matches are listed, type more to narrow")
                     .replace("%1", f"{queries.SEARCH_LIMIT:,}"))
    if records is not None and records.filter != queries.ListFilter() and not records.stale:
        text = (translate("MainWindow", "shown: %1 persons") if persons
                else translate("MainWindow", "shown: %1 households"))
        parts.append(text.replace("%1", f"{len(records.model.keys):,}"))
    return "   ".join(parts)


def empty_text(totals: queries.Totals | None, search: str) -> str:
    """Why a list is empty: an empty ledger (how to fill it), too few digits typed, or nothing matches."""
    if is_empty_ledger(totals):
        return translate("MainWindow", "The ledger is empty.\n\nTo download your village's ledger from the "
                                       "county, log in with Sync → Sync settings….\nOr import your Excel ledger "
                                       "with File → Import Excel…,\nor add a household with Edit → New household "
                                       "(Ctrl+N).")
    if search.strip() and queries.search_kind(search) == "number_too_short":
        return translate("MainWindow", "Type at least 4 digits to search ID numbers or phones.")
    return translate("MainWindow", "Nothing matches the search and filters.\nClear the search box or click "
                                   "“Show all” on the left.")


def is_empty_ledger(totals: queries.Totals | None) -> bool:
    return totals is not None and totals.households == 0
