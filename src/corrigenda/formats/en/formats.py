# The desk's English is British: "2 December 2026" (Django's own English says "Dec. 2, 2026").
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
