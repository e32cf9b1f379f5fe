"""Login throttling: too many refused logins for one account, or from one address, pause logging in.

Refused attempts are counted over a sliding window (``WINDOW``): ``ACCOUNT_LIMIT`` for one login,
``ADDRESS_LIMIT`` from one address (whatever logins it tries). While paused, no password is even
checked, so guessing gets nowhere; a successful login clears its account's count. The pause is
short on purpose: an attacker can pause a victim's account, but only for minutes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from engine.db.models import LoginFailure
from engine.errors import LoginThrottled

ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
WINDOW = timedelta(minutes=15)
KEEP = timedelta(days=1)  # older failures are deleted: they count for nothing and name logins
_FAILURE = LoginFailure.__table__


@dataclass(frozen=True)
class Pause:
    scope: str  # "account" or "address"
    retry_after: timedelta

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after.total_seconds() / 60))

    def error(self) -> LoginThrottled:
        where = "na to konto" if self.scope == "account" else "z tego adresu sieciowego"
        message = (
            f"Zbyt wiele nieudanych prób logowania {where}. Ze względów bezpieczeństwa logowanie jest "
            f"wstrzymane na {self.minutes} min. Spróbuj ponownie później; jeśli nie pamiętasz hasła, "
            "poproś administratora o ustawienie nowego."
        )
        return LoginThrottled(message, self.scope, self.retry_after)


def pause(session: Session, login: str, address: str | None, now: datetime) -> Pause | None:
    """The pause in force for this login or address, if any."""
    since = now - WINDOW
    checks = [("account", _FAILURE.c.login == login, ACCOUNT_LIMIT)]
    if address:
        checks.append(("address", _FAILURE.c.address == address, ADDRESS_LIMIT))
    for scope, which, limit in checks:
        count, oldest = session.execute(
            select(func.count(), func.min(_FAILURE.c.at)).where(which, _FAILURE.c.at > since)
        ).one()
        if count >= limit:
            return Pause(scope, oldest + WINDOW - now)
    return None


def record_failure(session: Session, login: str, address: str | None, now: datetime) -> None:
    session.execute(insert(_FAILURE).values(at=now, login=login[:80], address=(address or None) and address[:64]))
    session.execute(delete(_FAILURE).where(_FAILURE.c.at < now - KEEP))


def clear(session: Session, login: str) -> None:
    session.execute(delete(_FAILURE).where(_FAILURE.c.login == login))
