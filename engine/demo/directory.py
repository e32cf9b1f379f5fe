"""The demo partnership of gmina Świlcza: institutions, one user per role they play, and the PZK itself.

The PZK of gmina Świlcza (project "Liderzy Kooperacji") brought together GOPS w Świlczy, PCPR w
Rzeszowie, KWP w Rzeszowie, OIK w Górnie, GKRPA and the Zespół Interdyscyplinarny w Świlczy; the demo
adds a school, a counselling centre (PPP), the labour office, health care, a court (probation
officers), an NGO, a service provider and the ROPS, so that every lane role of ``processes/`` has an
institution and a user. The people are fictional. Everything is found by name or login first, so a
second run creates nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine import Engine
from engine.demo.report import DemoLogin
from engine.dto import Actor
from engine.errors import NotFound

PS, AN, ZD, PZK = "Pracownik socjalny OPS", "Animator", "Zespół diagnostyczny", "PZK"
KZ, RU = "Koordynator zamówień", "Realizator usługi"
GMINA = "Świlcza"
PARTNERSHIP = "Partnerski Zespół Kooperacji Gminy Świlcza"
EMAIL_DOMAIN = "kooperacja.test"
PROVIDER = "Fundacja Terapii i Rehabilitacji „Krok”"  # the service provider the ROPS orders from


@dataclass(frozen=True)
class Institution:
    key: str
    name: str
    kind: str  # one of engine.roles.INSTITUTION_KINDS
    gmina: str | None
    roles: tuple[str, ...]  # the roles it plays in the partnership's cases


@dataclass(frozen=True)
class Person:
    login: str
    name: str
    institution: str  # Institution.key
    roles: tuple[str, ...]


INSTITUTIONS = (
    Institution("gops", "GOPS w Świlczy", "OPS", GMINA, (PS, AN, ZD, PZK)),
    Institution("pcpr", "PCPR w Rzeszowie", "PCPR", None, ("PCPR", AN)),
    Institution("kwp", "KWP w Rzeszowie", "Policja", None, ("Policja",)),
    Institution("oik", "OIK w Górnie", "OIK", None, ("OIK",)),
    Institution("gkrpa", "GKRPA w Świlczy", "GKRPA", GMINA, ("GKRPA",)),
    Institution("zi", "Zespół Interdyscyplinarny w Świlczy", "ZI", GMINA, ("Zespół Interdyscyplinarny",)),
    Institution("szkola", "Szkoła Podstawowa w Świlczy", "szkoła", GMINA, ("Szkoła",)),
    Institution("ppp", "Poradnia Psychologiczno-Pedagogiczna w Rzeszowie", "PPP", None, ("PPP",)),
    Institution("pup", "PUP w Rzeszowie", "PUP", None, ("PUP",)),
    Institution("zdrowie", "Ośrodek Zdrowia w Świlczy", "ochrona zdrowia", GMINA, ("Ochrona zdrowia",)),
    Institution("sad", "Sąd Rejonowy w Rzeszowie", "Sąd", None, ("Kurator sądowy",)),
    Institution("ngo", "Stowarzyszenie „Razem dla Świlczy”", "NGO", GMINA, ("NGO",)),
    Institution("krok", PROVIDER, "NGO", None, (RU,)),
    Institution("ruch", "Centrum Terapii „Ruch”", "NGO", None, (RU,)),  # a second provider: sees none of Krok's orders
    Institution("rops", "ROPS w Rzeszowie", "ROPS", None, (KZ, "ROPS")),
    Institution("rada", "Rada Gminy Świlcza", "samorząd", GMINA, ()),  # not a member: its councillor reads figures
)
PEOPLE = (
    Person("ps.gops", "Katarzyna Mazur", "gops", (PS,)),
    Person("animator.gops", "Ewa Zielińska", "gops", (AN,)),
    Person("zespol.gops", "Marta Górska", "gops", (ZD,)),
    Person("pzk.gops", "Renata Bąk", "gops", (PZK,)),
    Person("animator.pcpr", "Tomasz Wrona", "pcpr", (AN,)),
    Person("pcpr", "Dorota Kwiatkowska", "pcpr", ("PCPR",)),
    Person("policja", "Sławomir Dziedzic", "kwp", ("Policja",)),
    Person("oik", "Olga Pietrzak", "oik", ("OIK",)),
    Person("gkrpa", "Henryk Zając", "gkrpa", ("GKRPA",)),
    Person("zi", "Zofia Przybylska", "zi", ("Zespół Interdyscyplinarny",)),
    Person("szkola", "Agnieszka Wójcik", "szkola", ("Szkoła",)),
    Person("ppp", "Joanna Sikora", "ppp", ("PPP",)),
    Person("pup", "Paweł Nowicki", "pup", ("PUP",)),
    Person("zdrowie", "Jan Kowal", "zdrowie", ("Ochrona zdrowia",)),
    Person("kurator", "Krystyna Kurek", "sad", ("Kurator sądowy",)),
    Person("ngo", "Wiktor Wolański", "ngo", ("NGO",)),
    Person("realizator", "Teresa Rogalska", "krok", (RU,)),
    Person("realizator.ruch", "Robert Ruchała", "ruch", (RU,)),
    Person("koordynator.rops", "Barbara Lis", "rops", (KZ,)),
    Person("rops", "Alicja Wrzos", "rops", ("ROPS",)),
    Person("superwizor", "Halina Grabowska", "rops", ("Superwizor",)),
    Person("doradca", "Marta Doroszewska", "rops", ("Doradca",)),  # the ROPS model team: answer workers' questions
    Person("prawnik", "Adam Prawdzic", "rops", ("Konsultant prawny",)),
    Person("analityk", "Marcin Lewandowski", "rops", ("Analityk",)),
    Person("admin", "Grzegorz Adamski", "gops", ("Administrator",)),
    Person("iod.gops", "Beata Szymańska", "gops", ("IOD",)),
    Person("radny", "Wiesław Radecki", "rada", ("Radny",)),
)


@dataclass(frozen=True)
class Directory:
    """What the cases need: who acts in each role, and the partnership they are started in."""

    partnership_id: int
    acting: dict[str, Actor]  # role -> the user who does that role's steps (the first listed holding it)
    logins: tuple[DemoLogin, ...]
    created: bool


def email(login: str) -> str:
    return f"{login}@{EMAIL_DOMAIN}"


def ensure_directory(engine: Engine, admin: Actor, password_hash: str) -> Directory:
    """The institutions, users and partnership, each created only when missing.

    Users that exist already keep their password: a second run with another password changes nobody.
    """
    ids, institutions_new = _ensure_institutions(engine, admin)
    logins, actors = [], {}
    for person in PEOPLE:
        login = _ensure_user(engine, admin, person, ids[person.institution], password_hash)
        logins.append(login)
        actors[person.login] = Actor(login.user_id, person.login)
    partnership_id, partnership_new = _ensure_partnership(engine, admin, ids)
    acting = {}
    for person in PEOPLE:
        for role in person.roles:
            acting.setdefault(role, actors[person.login])
    created = institutions_new or partnership_new or any(login.new for login in logins)
    return Directory(partnership_id, acting, tuple(logins), created)


def _ensure_institutions(engine: Engine, admin: Actor) -> tuple[dict[str, int], bool]:
    existing = {info.name: info.id for info in engine.directory.institutions()}
    ids, created = {}, False
    for spec in INSTITUTIONS:
        if spec.name not in existing:
            existing[spec.name] = engine.directory.add_institution(admin, spec.name, spec.kind, spec.gmina).id
            created = True
        ids[spec.key] = existing[spec.name]
    return ids, created


def _ensure_user(engine: Engine, admin: Actor, person: Person, institution_id: int, password_hash: str) -> DemoLogin:
    try:
        info, new = engine.directory.user_by_login(person.login), False
    except NotFound:
        info = engine.directory.add_user(
            admin,
            person.login,
            person.name,
            institution_id,
            list(person.roles),
            email=email(person.login),
            password_hash=password_hash,
        )
        new = True
    return DemoLogin(info.id, info.login, info.display_name, info.institution_name, info.roles, new)


def _ensure_partnership(engine: Engine, admin: Actor, ids: dict[str, int]) -> tuple[int, bool]:
    found = [p.id for p in engine.directory.partnerships() if p.name == PARTNERSHIP]
    if found:
        return found[0], False
    members = [(ids[spec.key], role) for spec in INSTITUTIONS for role in spec.roles]
    return engine.directory.add_partnership(admin, PARTNERSHIP, GMINA, members).id, True
