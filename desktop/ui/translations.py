"""Loading the interface language. Source strings are English (``self.tr`` / ``QCoreApplication.translate``);
Simplified Chinese is the default. Every ``resources/translations/*_<lang>.qm`` is loaded (the shell's,
the forms'...), plus Qt's own ``qtbase_<lang>.qm`` for standard buttons and dialogs."""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.resources import resource_path

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")


def install_translations(app: QCoreApplication, lang: str | None = None) -> list[QTranslator]:
    """Install the translators for ``lang`` (None: Simplified Chinese) on ``app``; returns them (keep them
    alive as long as the app). English needs none."""
    lang = lang or DEFAULT_LANGUAGE
    if lang == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return []
    QLocale.setDefault(QLocale(lang))
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    candidates = [(f"qtbase_{lang}", qt_dir)]
    candidates += [(path.stem, str(path.parent))
                   for path in sorted(resource_path("translations").glob(f"*_{lang}.qm"))]
    for name, directory in candidates:
        translator = QTranslator(app)
        if translator.load(name, directory):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("translation %s not found in %s", name, directory)
    return installed


def remove_translations(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
