"""The data-protection officer's pages (IOD): cases of their scope, who read what, a person's
subject-access report, the register of processing. Only the ``IOD`` role reaches them; the engine
checks the role again and audits every use.
"""

from __future__ import annotations

from web.protection import pages  # noqa: F401  - the views register on the blueprint
from web.protection.blueprint import blueprint

__all__ = ["blueprint"]
