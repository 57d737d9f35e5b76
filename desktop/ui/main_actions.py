"""The main window's commands as QActions, and where they appear: the File/Edit/View/Help menus and the
toolbar. Like a Designer ``setupUi``, ``add_actions`` gives the window its ``*_action`` attributes; the
slots stay the window's (and its record flows').

The strings belong to the window's translation context ("MainWindow"), as they did when the window
built them itself."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle

if TYPE_CHECKING:
    from .main_window import MainWindow

translate = QCoreApplication.translate


def add_actions(window: MainWindow) -> None:
    """1. create the actions, 2. the menus, 3. the toolbar."""
    create_actions(window)
    add_menus(window)
    add_toolbar(window)


def action(window: MainWindow, text: str, slot, shortcut=None, tip: str = "") -> QAction:
    """A window action calling ``slot()`` (without the ``checked`` argument)."""
    new = QAction(text, window)
    if shortcut is not None:
        new.setShortcut(QKeySequence(shortcut))
    if tip:
        new.setStatusTip(tip)
    new.triggered.connect(lambda _checked=False: slot())
    return new


def create_actions(window: MainWindow) -> None:
    flows = window.flows
    window.import_action = action(window, translate("MainWindow", "&Import Excel…"), flows.import_excel, "Ctrl+I",
                                  translate("MainWindow", "Import the national system export or a ledger workbook"))
    window.export_action = action(window, translate("MainWindow", "&Export Excel…"), flows.export_excel, "Ctrl+E",
                                  translate("MainWindow", "Save the whole ledger as an Excel workbook"))
    window.quit_action = action(window, translate("MainWindow", "E&xit"), window.close, QKeySequence.StandardKey.Quit)
    window.new_household_action = action(window, translate("MainWindow", "New &household"), window.new_household,
                                         "Ctrl+N")
    window.new_person_action = action(window, translate("MainWindow", "New &person"), window.new_person,
                                      "Ctrl+Shift+N", translate("MainWindow", "Add a member to the selected household"))
    window.open_action = action(window, translate("MainWindow", "&Open"), window.open_current, None)
    window.delete_action = action(window, translate("MainWindow", "&Delete…"), window.delete_current,
                                  QKeySequence.StandardKey.Delete)
    window.undo_action = action(window, translate("MainWindow", "&Undo delete"), window.undo.undo,
                                QKeySequence.StandardKey.Undo)
    window.undo_action.setEnabled(False)
    window.search_action = action(window, translate("MainWindow", "&Find"), window.focus_search,
                                  QKeySequence.StandardKey.Find)
    window.refresh_action = action(window, translate("MainWindow", "&Refresh"), window.refresh_all,
                                   QKeySequence.StandardKey.Refresh)
    window.filters_action = QAction(translate("MainWindow", "&Filter panel"), window)
    window.filters_action.setCheckable(True)
    window.filters_action.setChecked(True)
    window.filters_action.toggled.connect(window.filters.setVisible)
    window.about_action = action(window, translate("MainWindow", "&About"), flows.about)
    # Delete must not fire while typing in the search box.
    window.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    for table in (window.household_table, window.person_table, window.zero_view.table):
        table.addAction(window.delete_action)
    window.addAction(window.search_action)


def add_menus(window: MainWindow) -> None:
    menus = window.menuBar()
    file_menu = window.file_menu = menus.addMenu(translate("MainWindow", "&File"))
    file_menu.addActions([window.import_action, window.export_action])
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    edit_menu = menus.addMenu(translate("MainWindow", "&Edit"))
    edit_menu.addActions([window.new_household_action, window.new_person_action, window.open_action,
                          window.delete_action])
    edit_menu.addSeparator()
    edit_menu.addActions([window.undo_action, window.search_action])
    view_menu = menus.addMenu(translate("MainWindow", "&View"))
    view_menu.addActions([window.refresh_action, window.filters_action])
    window.help_menu = menus.addMenu(translate("MainWindow", "&Help"))  # sync puts its menu before this one
    window.help_menu.addAction(window.about_action)


def add_toolbar(window: MainWindow) -> None:
    toolbar = window.addToolBar(translate("MainWindow", "Main"))
    toolbar.setObjectName("main_toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    style = window.style()
    for each, pixmap in ((window.new_household_action, QStyle.StandardPixmap.SP_FileDialogNewFolder),
                         (window.new_person_action, QStyle.StandardPixmap.SP_FileIcon),
                         (window.delete_action, QStyle.StandardPixmap.SP_TrashIcon),
                         (window.undo_action, QStyle.StandardPixmap.SP_ArrowBack),
                         (window.import_action, QStyle.StandardPixmap.SP_DialogOpenButton),
                         (window.export_action, QStyle.StandardPixmap.SP_DialogSaveButton)):
        each.setIcon(style.standardIcon(pixmap))
    toolbar.addActions([window.new_household_action, window.new_person_action, window.delete_action,
                        window.undo_action])
    toolbar.addSeparator()
    toolbar.addActions([window.import_action, window.export_action])


def set_actions_read_only(window: MainWindow, read_only: bool, reason: str = "") -> None:
    """A read-only account cannot add, delete, import or undo a delete; the disabled actions say why."""
    for each in (window.new_household_action, window.new_person_action, window.delete_action,
                 window.import_action):
        each.setEnabled(not read_only)
        each.setToolTip(reason if read_only else "")
    window.undo_action.setEnabled(not read_only and bool(window.undo.stack))
