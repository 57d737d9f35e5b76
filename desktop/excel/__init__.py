"""Excel in and out (no Qt).

* ``importer.import_file(ledger, path, skip_invalid=False, error_path=None, progress=None)`` → ``ImportReport``;
  raises ``ImportRejected`` (``.report``: every problem with sheet/row/column/reason; nothing changed) or
  ``ExcelFileError`` (not a usable .xlsx). Reads the national system's person export (§6.1, aliases of
  §6.2/§6.3) and the app's own ledger workbook.
* ``exporter.export_ledger(ledger, path, progress=None)`` → ``ExportSummary`` (sheets 户, 人员, 务工就业).
* ``xlsx``: the streaming reader/writer both use; ``sample_data``: realistic national exports.
"""
