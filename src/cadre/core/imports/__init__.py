"""Tabular imports (CSV and XLSX): read, validate every row, report every bad field, then
write all rows, only the good ones, or nothing.

An app declares an ``ImportSpec``: its columns (with a parser each), the key that makes a
re-import idempotent, how to resolve references in bulk, and how to write a batch of good
rows. The reader and the validation loop are shared; errors name the row, the column and the
reason in the user's language.

The parts: ``cells`` (the parsers of a cell), ``files`` (reading CSV and XLSX), ``spec`` (what
an app declares and the validation loop), ``runs`` (from the upload to the report). Import
from the part; this package re-exports nothing.
"""
