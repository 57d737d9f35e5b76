"""Streaming .xlsx reading and writing, fast enough for the ledger's sizes.

Why not openpyxl alone: on this 2-core machine (without lxml) openpyxl's read-only mode parses about
25,000 cells/s and its write-only mode writes about 50,000 cells/s, i.e. a 100,000-person export takes
about a minute. The .xlsx format is a zip of XML parts; reading the parts with the C ``iterparse`` and
writing them as text is 10-20x faster. openpyxl is still used for what it does well (the date-format
table, serial date conversion) and the tests read and write files with openpyxl to prove both sides
interoperate with it (and thus with Excel/WPS).

* ``reader.XlsxReader(path)`` → ``.sheet_names``, ``.rows(name)`` yields ``(excel_row_number, values)``
  with values as Python ``str``/``int``/``float``/``bool``/``datetime``/``None`` (the cells are decoded
  by ``sheet_rows``).
* ``writer.XlsxWriter(path)`` → ``.add_sheet(name, header, rows)`` streams rows; ``.close()``.
* Both raise ``errors.ExcelFileError`` (a ``UserError``) with a Chinese message for files they cannot use.
* ``cells``: column letters and cell values as text.
"""
