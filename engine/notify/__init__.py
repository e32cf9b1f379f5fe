"""E-mail notifications in Polish: what a message says (``templates``), how it leaves (``mail``),
and which kinds each user wants (``preferences``).

Without ``KOOPERACJA_SMTP_HOST`` nothing is sent: messages are written to the log instead, which is
what ``make run`` does.
"""
