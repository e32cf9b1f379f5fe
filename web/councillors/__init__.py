"""The councillors' page (radni of a gmina or powiat): figures about the cooperation in their gmina's
partnerships, counts only, small counts suppressed by the engine. Only the ``Radny`` role reaches it; the
engine checks the role again and audits every view."""

from __future__ import annotations

from web.councillors import pages  # noqa: F401  - the views register on the blueprint
from web.councillors.blueprint import blueprint

__all__ = ["blueprint"]
