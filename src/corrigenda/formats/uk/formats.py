# "2 грудня 2026 р.": Django's gives "02 грудня 2026 р.", a zero no newspaper prints.
DATE_FORMAT = "j E Y р."
DATETIME_FORMAT = "j E Y р., H:i"
MONTH_DAY_FORMAT = "j E"
