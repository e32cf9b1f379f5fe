"""Directory administration: institutions, users, partnerships; administrators only, every change audited."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from engine.db.models import AuditEntry
from engine.dto import Actor
from engine.errors import Conflict, InvalidFormData, NotAllowed, NotFound
from tests.factories import ADMIN, ANIMATOR_ROLE, OPS_ROLE, PCPR_ROLE, add_person


@pytest.fixture
def admin(engine, people) -> Actor:
    return add_person(engine, "a.admin", people.institutions["gops"], "Administrator")


def directory_audit(engine) -> list[tuple[int | None, str, dict]]:
    """(actor id, action, detail) of the audit entries that concern no case: the directory's."""
    with engine.context.transaction(write=False) as session:
        rows = session.execute(
            select(AuditEntry.actor_id, AuditEntry.action, AuditEntry.detail)
            .where(AuditEntry.instance_id.is_(None))
            .order_by(AuditEntry.id)
        ).all()
    return [(actor_id, action, json.loads(detail) if detail else {}) for actor_id, action, detail in rows]


# ---------------------------------------------------------------------- institutions


def test_administrator_renames_and_reclassifies_an_institution(engine, people, admin):
    school = engine.directory.add_institution(admin, "  SP nr 1 w Lipinach ", "szkoła", "Lipiny")
    assert school.name == "SP nr 1 w Lipinach"

    changed = engine.directory.update_institution(admin, school.id, "Zespół Szkół w Lipinach", "szkoła", " ")
    assert (changed.name, changed.kind, changed.gmina) == ("Zespół Szkół w Lipinach", "szkoła", None)
    assert engine.directory.institution(school.id) == changed
    assert [i.name for i in engine.directory.institutions()] == [
        "GOPS Brzozowa Wola",
        "GOPS Lipiny Dolne",
        "PCPR w Brzozowej Woli",
        "Zespół Szkół w Lipinach",
    ]
    assert directory_audit(engine)[-2:] == [
        (
            admin.user_id,
            "institution.add",
            {"institution_id": school.id, "name": "SP nr 1 w Lipinach", "kind": "szkoła", "gmina": "Lipiny"},
        ),
        (
            admin.user_id,
            "institution.update",
            {"institution_id": school.id, "name": "Zespół Szkół w Lipinach", "kind": "szkoła", "gmina": None},
        ),
    ]


@pytest.mark.parametrize("who", ["ops", "supervisor", "analyst"])
def test_only_administrators_change_the_directory(engine, people, who):
    actor = getattr(people, who)
    gops = people.institutions["gops"]
    with pytest.raises(NotAllowed, match="Nie masz uprawnień"):
        engine.directory.update_institution(actor, gops, "Inna nazwa", "OPS", None)
    with pytest.raises(NotAllowed):
        engine.directory.update_user(actor, people.ops2.user_id, "Ktoś", None, gops, True)
    with pytest.raises(NotAllowed):
        engine.directory.set_roles(actor, actor.user_id, ["Administrator"])
    with pytest.raises(NotAllowed):
        engine.directory.update_partnership(actor, people.partnership_id, "PZK", None, [])
    assert engine.directory.institution(gops).name == "GOPS Brzozowa Wola"
    assert engine.directory.user(actor.user_id).roles != ("Administrator",)


def test_institution_form_problems_are_reported_per_field_at_once(engine, people, admin):
    with pytest.raises(InvalidFormData) as raised:
        engine.directory.add_institution(admin, "   ", "Urząd", None)
    problems = raised.value.by_field()
    assert problems["name"] == ["Podaj nazwę instytucji."]
    assert [message[:46] for message in problems["kind"]] == ["Nieznany typ instytucji: Urząd. Dozwolone: OPS"]
    with pytest.raises(InvalidFormData) as raised:
        engine.directory.update_institution(admin, people.institutions["pcpr"], "x" * 201, "PCPR", None)
    assert raised.value.by_field() == {"name": ["Najwyżej 200 znaków."]}


def test_institution_names_are_unique(engine, people, admin):
    with pytest.raises(Conflict, match="Instytucja o nazwie GOPS Brzozowa Wola już istnieje"):
        engine.directory.add_institution(admin, "GOPS Brzozowa Wola", "OPS")
    with pytest.raises(Conflict, match="już istnieje"):
        engine.directory.update_institution(admin, people.institutions["pcpr"], "GOPS Brzozowa Wola", "PCPR", None)
    assert engine.directory.institution(people.institutions["pcpr"]).name == "PCPR w Brzozowej Woli"


def test_unknown_institutions_are_not_found(engine, people, admin):
    with pytest.raises(NotFound, match="Nie ma instytucji o identyfikatorze 999"):
        engine.directory.institution(999)
    with pytest.raises(NotFound):
        engine.directory.update_institution(admin, 999, "Nowa", "OPS", None)
    with pytest.raises(NotFound):
        engine.directory.users_of(999)
    with pytest.raises(NotFound):
        engine.directory.partnerships_of(999)
    with pytest.raises(NotFound):
        engine.directory.update_user(admin, people.ops.user_id, "K Mazur", None, 999, True)


# ---------------------------------------------------------------------- users


def test_users_are_listed_by_institution_then_name(engine, people, admin):
    listed = [(u.institution_name, u.display_name) for u in engine.directory.users()]
    assert listed == [
        ("GOPS Brzozowa Wola", "A Admin"),
        ("GOPS Brzozowa Wola", "A Analityk"),
        ("GOPS Brzozowa Wola", "B Lis"),
        ("GOPS Brzozowa Wola", "E Zielinska"),
        ("GOPS Brzozowa Wola", "J Nowak"),
        ("GOPS Brzozowa Wola", "K Mazur"),
        ("GOPS Lipiny Dolne", "A Obca"),
        ("PCPR w Brzozowej Woli", "D Kwiatkowska"),
    ]
    pcpr = engine.directory.users_of(people.institutions["pcpr"])
    assert [(u.login, u.roles) for u in pcpr] == [("d.kwiatkowska", (PCPR_ROLE,))]
    assert engine.directory.users()[0].roles == ("Administrator",)


def test_administrator_moves_a_user_to_another_institution_and_deactivates_them(engine, people, admin):
    pcpr = people.institutions["pcpr"]
    moved = engine.directory.update_user(admin, people.ops2.user_id, " Jan Nowak ", " j.nowak@pcpr.pl ", pcpr, True)
    assert (moved.display_name, moved.email, moved.institution_name, moved.active) == (
        "Jan Nowak",
        "j.nowak@pcpr.pl",
        "PCPR w Brzozowej Woli",
        True,
    )
    assert [u.login for u in engine.directory.users_of(pcpr)] == ["d.kwiatkowska", "j.nowak"]

    gone = engine.directory.update_user(admin, people.ops2.user_id, email=None, active=False)  # the rest stays
    assert (gone.display_name, gone.email, gone.institution_id, gone.active) == ("Jan Nowak", None, pcpr, False)
    with pytest.raises(NotAllowed, match="nieaktywne"):
        engine.tasks.inbox(people.ops2)
    assert directory_audit(engine)[-1] == (
        admin.user_id,
        "user.update",
        {
            "user_id": people.ops2.user_id,
            "display_name": "Jan Nowak",
            "email": None,
            "institution_id": pcpr,
            "active": False,
        },
    )


def test_an_administrator_cannot_lock_themselves_out(engine, people, admin):
    gops = people.institutions["gops"]
    with pytest.raises(NotAllowed, match="własnego konta"):
        engine.directory.update_user(admin, admin.user_id, "A Admin", None, gops, False)
    with pytest.raises(NotAllowed, match="roli Administrator"):
        engine.directory.set_roles(admin, admin.user_id, [OPS_ROLE])
    assert engine.directory.set_roles(admin, admin.user_id, ["Administrator", OPS_ROLE]).roles == (
        "Administrator",
        OPS_ROLE,
    )


def test_roles_are_any_non_empty_names_stripped_and_without_repeats(engine, people, admin):
    changed = engine.directory.set_roles(admin, people.ops.user_id, [f" {OPS_ROLE} ", OPS_ROLE, ANIMATOR_ROLE])
    assert changed.roles == (ANIMATOR_ROLE, OPS_ROLE)
    with pytest.raises(InvalidFormData) as raised:
        engine.directory.set_roles(admin, people.ops.user_id, [OPS_ROLE, "  "])
    assert raised.value.by_field() == {"roles": ["Nazwa roli nie może być pusta."]}
    assert engine.directory.user(people.ops.user_id).roles == (ANIMATOR_ROLE, OPS_ROLE)
    assert directory_audit(engine)[-1] == (
        admin.user_id,
        "user.roles",
        {"user_id": people.ops.user_id, "roles": [ANIMATOR_ROLE, OPS_ROLE]},
    )


def test_new_user_form_problems_are_reported_per_field(engine, people, admin):
    gops = people.institutions["gops"]
    with pytest.raises(InvalidFormData) as raised:
        engine.directory.add_user(admin, "jan kowalski", "", gops, [""], email="jan.kowalski")
    assert raised.value.by_field() == {
        "login": ["Login nie może zawierać spacji."],
        "display_name": ["Podaj imię i nazwisko."],
        "email": ["Podaj poprawny adres e-mail, np. jan.kowalski@gops.pl."],
        "roles": ["Nazwa roli nie może być pusta."],
    }
    with pytest.raises(Conflict, match="Użytkownik k.mazur już istnieje"):
        engine.directory.add_user(admin, "k.mazur", "Kasia Mazur", gops, [OPS_ROLE])
    with pytest.raises(NotFound):
        engine.directory.add_user(admin, "n.nowy", "Nowy", 999, [OPS_ROLE])

    added = engine.directory.add_user(admin, " j.kowalski ", "Jan Kowalski", gops, [OPS_ROLE], email="jk@gops.pl")
    assert (added.login, added.roles, added.active) == ("j.kowalski", (OPS_ROLE,), True)
    assert directory_audit(engine)[-1] == (
        admin.user_id,
        "user.add",
        {"user_id": added.id, "login": "j.kowalski", "institution_id": gops, "roles": [OPS_ROLE]},
    )


# ---------------------------------------------------------------------- partnerships


def test_administrator_replaces_the_members_of_a_partnership(engine, people, admin):
    gops, pcpr, other = (people.institutions[key] for key in ("gops", "pcpr", "other"))
    changed = engine.directory.update_partnership(
        admin,
        people.partnership_id,
        "PZK Gminy Brzozowa Wola",
        None,
        [(gops, OPS_ROLE), (other, " PCPR "), (gops, OPS_ROLE)],
    )
    assert (changed.name, changed.gmina, changed.members) == (
        "PZK Gminy Brzozowa Wola",
        None,
        ((other, PCPR_ROLE), (gops, OPS_ROLE)),
    )
    assert engine.directory.partnership(people.partnership_id) == changed
    assert [p.name for p in engine.directory.partnerships_of(other)] == ["PZK Gminy Brzozowa Wola"]
    assert engine.directory.partnerships_of(pcpr) == []
    assert directory_audit(engine)[-1] == (
        admin.user_id,
        "partnership.update",
        {
            "partnership_id": people.partnership_id,
            "name": "PZK Gminy Brzozowa Wola",
            "members": [[gops, OPS_ROLE], [other, PCPR_ROLE]],
        },
    )


def test_an_institution_sees_every_partnership_it_belongs_to(engine, people, admin):
    gops, other = people.institutions["gops"], people.institutions["other"]
    second = engine.directory.add_partnership(
        admin, "PZK Lipiny Dolne", "Lipiny Dolne", [(other, OPS_ROLE), (gops, "NGO")]
    )
    assert [p.name for p in engine.directory.partnerships()] == ["PZK Brzozowa Wola", "PZK Lipiny Dolne"]
    assert [p.id for p in engine.directory.partnerships_of(gops)] == [people.partnership_id, second.id]
    assert [p.id for p in engine.directory.partnerships_of(other)] == [second.id]


def test_partnership_problems(engine, people, admin):
    gops = people.institutions["gops"]
    with pytest.raises(Conflict, match="Partnerstwo PZK Brzozowa Wola już istnieje"):
        engine.directory.add_partnership(admin, "PZK Brzozowa Wola", None, [(gops, OPS_ROLE)])
    with pytest.raises(NotFound, match="Nie ma instytucji o identyfikatorze 999"):
        engine.directory.update_partnership(admin, people.partnership_id, "PZK", None, [(999, OPS_ROLE)])
    with pytest.raises(InvalidFormData) as raised:
        engine.directory.update_partnership(admin, people.partnership_id, "", None, [(gops, " ")])
    assert raised.value.by_field() == {
        "name": ["Podaj nazwę partnerstwa."],
        "members": ["Nazwa roli nie może być pusta."],
    }
    with pytest.raises(NotFound):
        engine.directory.update_partnership(admin, 999, "PZK", None, [])
    assert engine.directory.partnership(people.partnership_id).name == "PZK Brzozowa Wola"
    assert len(engine.directory.partnership(people.partnership_id).members) == 3


def test_an_institution_removed_from_the_partnership_loses_its_cases_at_once(engine, people, admin):
    case = engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id)
    (nomination,) = engine.tasks.inbox(people.ops)
    engine.tasks.complete(people.ops, nomination.id, {"rodzina": "Nowakowscy", "czlonkowie": ["Marek"], "pilne": True})
    assert [c.id for c in engine.runtime.cases_of(people.pcpr)] == [case.id]
    gops = people.institutions["gops"]
    engine.directory.update_partnership(
        admin, people.partnership_id, "PZK Brzozowa Wola", None, [(gops, OPS_ROLE), (gops, ANIMATOR_ROLE)]
    )
    assert engine.runtime.cases_of(people.pcpr) == []
    with pytest.raises(NotFound):
        engine.runtime.case(people.pcpr, case.id)
    assert engine.tasks.queue(people.pcpr) == []
    assert engine.runtime.case(people.ops, case.id).participants == ((ANIMATOR_ROLE, gops), (OPS_ROLE, gops))
    later = engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id)
    assert engine.runtime.case(people.ops, later.id).participants == ((ANIMATOR_ROLE, gops), (OPS_ROLE, gops))


def test_the_system_may_change_the_directory_and_is_audited_without_a_user(engine, people):
    info = engine.directory.update_institution(ADMIN, people.institutions["other"], "MOPS Lipiny", "OPS", None)
    assert info.name == "MOPS Lipiny"
    assert directory_audit(engine)[-1][:2] == (None, "institution.update")
