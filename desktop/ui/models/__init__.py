"""Qt models of the main window's lists (model/view; rows fetched on demand, a page at a time)."""
from .households import HouseholdTableModel
from .paged import Column, PagedTableModel, RecordList
from .persons import PersonTableModel
from .zero import ZeroTableModel

__all__ = ["Column", "PagedTableModel", "RecordList", "HouseholdTableModel", "PersonTableModel",
           "ZeroTableModel"]
