"""Dates typed in Vietnamese order. Django's "vi" locale has no input formats, so without this
the admin read "09/01/2015" the American way, as 1 September 2015."""

# Day first, a four-digit year; ISO (yyyy-mm-dd) is what a date picker sends. A two-digit year
# ("02/11/26") is refused rather than guessed (issue 19).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]
