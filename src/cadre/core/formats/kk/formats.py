"""Kazakh date and number formats, which Django does not ship (issue 18): ``06.12.2026``,
``6 желтоқсан 2026``, ``1 292 000,50`` with a narrow no-break space between thousands and a
decimal comma. The lower-case month names of the long date are the ``alt. month`` entries of
Cadre's own Kazakh catalogue (Django's have capitals)."""

DATE_FORMAT = "j E Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# Django adds the ISO formats (what a date input sends) to these itself.
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '06.12.2026'
    "%d.%m.%y",  # '06.12.26'
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M:%S.%f",
    "%d.%m.%Y %H:%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u202f"  # narrow no-break space: a thin space that never breaks a line
NUMBER_GROUPING = 3
