"""What Cadre changes of Django's Vietnamese formats (the rest is Django's): thousands are
grouped (Django's module names the separator but no grouping, so ``1292000,50`` came out
for ``1.292.000,50``), and a short date is written ``06/12/2026`` as Vietnamese documents do."""

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # '06/12/2026'
    "%d-%m-%Y",  # '06-12-2026'
    "%d/%m/%y",  # '06/12/26'
]
NUMBER_GROUPING = 3
