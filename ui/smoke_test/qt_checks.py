"""The smoke test's checks of Qt: its Dutch translation, the main window on the offscreen
platform plugin, printing to PDF and reading it back (QtPrintSupport, QtPdf), ICU collation,
the image format plugins and the single-instance channel (QLocalSocket).

Each imports PySide6 inside the check, so a missing Qt module fails that check alone and the
rest still run.
"""

from __future__ import annotations

from ui.smoke_test.context import SmokeContext


def check_qt_translation(_ctx: SmokeContext) -> str:
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

    translator = QTranslator()
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale("nl_NL"), "qtbase", "_", path):
        raise RuntimeError(f"qtbase_nl.qm not found in {path}")
    QCoreApplication.installTranslator(translator)
    try:
        cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    finally:
        QCoreApplication.removeTranslator(translator)
    if cancel != "Annuleren":
        raise RuntimeError(f"Qt's 'Cancel' came out as {cancel!r}")
    return "qtbase_nl: 'Cancel' → 'Annuleren'"


def check_main_window(ctx: SmokeContext) -> str:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow
    from ui.preferences import Preferences
    from ui.worker import VaultWorker

    preferences = Preferences(
        QSettings(str(ctx.scratch / "settings.ini"), QSettings.Format.IniFormat)
    )
    worker = VaultWorker()
    window = MainWindow(ctx.scratch / "window-vault", worker, preferences)
    try:
        window.show()
        QApplication.processEvents()
        if not window.isVisible() or window.windowTitle() != "CareCoord":
            raise RuntimeError("the main window did not show")
        if window.stack.currentWidget() is not window.unlock_page:
            raise RuntimeError("the main window did not start locked")
        platform = QApplication.platformName()
        # The workspace's modules are imported lazily (the vault worker's job at the first
        # unlock, then the pages): building it here proves the bundle holds all of them.
        from ui.workspace_modules import load_core

        load_core()
        pages = len(window.workspace.page_titles())
        # The icon font is data qtawesome reads from its folder (cut by packaging/icon_font.py):
        # a glyph missing from the bundle paints nothing.
        nav = window.workspace.nav
        for row in range(nav.count()):
            image = nav.item(row).icon().pixmap(nav.iconSize()).toImage()
            if image.isNull() or not any(
                image.pixelColor(x, y).alpha()
                for y in range(image.height())
                for x in range(image.width())
            ):
                raise RuntimeError(f"navigation icon {row} paints nothing")
    finally:
        window.close()
        window.session.lock()
        worker.shutdown()
    return f"shown and locked on the '{platform}' platform plugin; workspace of {pages} pages, each with its icon"


def check_print_to_pdf(ctx: SmokeContext) -> str:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPainter
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    target = ctx.scratch / "print.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    painter = QPainter()
    if not painter.begin(printer):
        raise RuntimeError("QPrinter refused to start a PDF")
    painter.drawText(QPointF(100, 100), "CareCoord")
    painter.end()
    document = QPdfDocument()
    document.load(str(target))
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() != 1:
        raise RuntimeError(f"QtPdf read status {document.status()}, {document.pageCount()} pages")
    image = document.render(0, document.pagePointSize(0).toSize())
    document.close()
    if image.isNull():
        raise RuntimeError("QtPdf could not render the page")
    return "QPrinter wrote a one-page PDF; QtPdf read and rendered it"


def check_qt_collation(_ctx: SmokeContext) -> str:
    """Qt's ICU data (cut to the app's locales by packaging/icu_data.py) still sorts Dutch:
    without collation data Qt would compare code points and put 'Ärger' and 'école' after 'zebra'."""
    from PySide6.QtCore import QCollator, QLocale

    collator = QCollator(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    words = sorted(["zebra", "école", "Ärger", "appel"], key=collator.sortKey)
    if words != ["appel", "Ärger", "école", "zebra"]:
        raise RuntimeError(f"Dutch collation sorts {words}")
    return ", ".join(words)


def check_image_formats(_ctx: SmokeContext) -> str:
    from PySide6.QtGui import QImageReader

    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = {"png", "svg", "jpeg", "ico"} - formats
    if missing:
        raise RuntimeError(f"image format plugins missing: {sorted(missing)}")
    return ", ".join(sorted(formats & {"png", "svg", "jpeg", "ico", "gif"}))


def check_single_instance(ctx: SmokeContext) -> str:
    from PySide6.QtCore import QDeadlineTimer
    from PySide6.QtWidgets import QApplication

    from ui.single_instance import SingleInstance

    first = SingleInstance(ctx.scratch / "instance-vault")
    second = SingleInstance(ctx.scratch / "instance-vault")
    raised: list[bool] = []
    first.raiseRequested.connect(lambda: raised.append(True))
    if not first.listen():
        raise RuntimeError("could not listen on the local socket")
    try:
        if not second.notify_running():
            raise RuntimeError("a second start did not find the first")
        deadline = QDeadlineTimer(3000)
        while not raised and not deadline.hasExpired():
            QApplication.processEvents()
        if not raised:
            raise RuntimeError("the first instance never received 'raise'")
    finally:
        first.close()
    return "a second start reached the first over QLocalSocket"
