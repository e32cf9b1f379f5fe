"""The minutes (protokół) of a meeting: date, place, who came, the quorum, the agenda and the decisions.

Minutes go to every institution of the partnership, so a case is named by its number and the family's
initial only ("Osoba M. W." for a person, "Sprawa grupowa" for a group), and only for readers who may
see the case; decisions by their chosen options.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from engine.access.acting import Acting
from engine.db.models import Meeting
from engine.dto.meetings import MeetingInfo, MinutesDocument
from engine.services.documents.reading import generated_by


def build_minutes(
    session: Session, who: Acting, info: MeetingInfo, meeting: Meeting, now: datetime, label: str
) -> MinutesDocument:
    summary = info.summary
    return MinutesDocument(
        meeting_id=summary.id,
        partnership=summary.partnership,
        starts_at=summary.starts_at,
        place=summary.place,
        present=[a.institution for a in info.attendance if a.present],
        absent=[a.institution for a in info.attendance if not a.present],
        quorum=info.quorum,
        items=info.items,
        generated_at=now,
        generated_by=generated_by(session, who, label),
        closed_at=meeting.closed_at,
    )
