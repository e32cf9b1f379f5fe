"""The partnership of gmina Brzozowa Wola (domain brief, section 10): institutions and one user per role.

Every role of the Model Kooperacji processes is played by exactly one institution of the PZK, and
held by exactly one user there, so "who sees a task" has one right answer. GOPS Lipiny Dolne is a
social-assistance centre of another gmina, outside the partnership.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine import Engine
from engine.dto import Actor
from tests.factories import ADMIN, add_person

PS, AN, ZD, PZK = "Pracownik socjalny OPS", "Animator", "Zespół diagnostyczny", "PZK"
KZ, RU = "Koordynator zamówień", "Realizator usługi"

# institution key: (name, kind, gmina)
INSTITUTIONS = {
    "gops": ("GOPS Brzozowa Wola", "OPS", "Brzozowa Wola"),
    "pcpr": ("PCPR w Brzozowej Woli", "PCPR", None),
    "pup": ("PUP w Brzozowej Woli", "PUP", None),
    "kpp": ("KPP w Brzozowej Woli", "Policja", None),
    "sad": ("Sąd Rejonowy w Brzozowej Woli", "Sąd", None),
    "sp": ("SP w Lipinach", "szkoła", "Brzozowa Wola"),
    "ppp": ("PPP w Brzozowej Woli", "PPP", None),
    "poz": ("Ośrodek Zdrowia w Lipinach", "ochrona zdrowia", "Brzozowa Wola"),
    "gkrpa": ("GKRPA Brzozowa Wola", "GKRPA", "Brzozowa Wola"),
    "zi": ("Zespół Interdyscyplinarny Brzozowa Wola", "ZI", "Brzozowa Wola"),
    "oik": ("OIK w Brzozowej Woli", "OIK", None),
    "ngo": ("Stowarzyszenie „Razem dla Lipin”", "NGO", "Brzozowa Wola"),
    "rops": ("ROPS Rzeszów", "ROPS", None),
    "ruch": ("Centrum Rehabilitacji i Terapii „Ruch”", "NGO", None),
}
# role: (institution key, login of its one user)
STAFF = {
    PS: ("gops", "k.mazur"),
    AN: ("gops", "e.zielinska"),
    ZD: ("gops", "m.kowalczyk"),
    PZK: ("gops", "r.wojcik"),
    KZ: ("rops", "b.lis"),
    "ROPS": ("rops", "a.doradczyni"),
    RU: ("ruch", "t.ruch"),
    "PCPR": ("pcpr", "d.kwiatkowska"),
    "PUP": ("pup", "p.nowicki"),
    "Policja": ("kpp", "s.dzielnicowy"),
    "Kurator sądowy": ("sad", "k.kurator"),
    "Szkoła": ("sp", "a.wojcik"),
    "PPP": ("ppp", "j.sikora"),
    "Ochrona zdrowia": ("poz", "j.kowal"),
    "GKRPA": ("gkrpa", "h.zajac"),
    "Zespół Interdyscyplinarny": ("zi", "z.przewodniczaca"),
    "OIK": ("oik", "o.psycholog"),
    "NGO": ("ngo", "w.wolontariusz"),
}


@dataclass
class Partnership:
    """Who is who in the partnership; ``user[role]`` is the one user holding that role."""

    user: dict[str, Actor]
    institution: dict[str, int]  # institution key -> id
    partnership_id: int
    supervisor: Actor
    outsider: Actor  # a social worker (and animator) of another gmina's OPS
    role_of: dict[int, str] = field(default_factory=dict)  # user id -> role

    def institution_of(self, role: str) -> int:
        return self.institution[STAFF[role][0]]

    def everyone(self) -> list[Actor]:
        return [*self.user.values(), self.outsider]


def make_partnership(engine: Engine) -> Partnership:
    directory = engine.directory
    ids = {key: directory.add_institution(ADMIN, *spec).id for key, spec in INSTITUTIONS.items()}
    other = directory.add_institution(ADMIN, "GOPS Lipiny Dolne", "OPS", "Lipiny Dolne").id
    members = [(ids[key], role) for role, (key, _login) in STAFF.items()]
    partnership = directory.add_partnership(ADMIN, "PZK Brzozowa Wola", "Brzozowa Wola", members)
    user = {role: add_person(engine, login, ids[key], role) for role, (key, login) in STAFF.items()}
    return Partnership(
        user=user,
        institution=ids,
        partnership_id=partnership.id,
        supervisor=add_person(engine, "b.superwizor", ids["rops"], "Superwizor"),
        outsider=add_person(engine, "a.obca", other, PS, AN),
        role_of={actor.user_id: role for role, actor in user.items()},
    )
