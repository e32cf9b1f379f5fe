"""The officer's outputs in words: what each audited action was and why it happens, the legal bases
of each part of the case file, and the retention period.

The sources of the model state no legal basis per step (docs: domain brief §8, a gap for the DPO to
close); these are the defaults the register and the subject-access report show, marked as such.
"""

from __future__ import annotations

from datetime import timedelta

#: audit code -> (what happened, why such an access happens, whether it wrote data)
ACTIONS: dict[str, tuple[str, str, bool]] = {
    "case.start": ("Założenie sprawy (zgłoszenie rodziny)", "Zgłoszenie rodziny do pracy Modelem Kooperacji", True),
    "casefile.read": ("Odczyt teczki sprawy", "Praca z rodziną: wgląd w dokumentację sprawy", False),
    "case.read": ("Podgląd sprawy", "Praca z rodziną lub nadzór nad sprawą", False),
    "case.read_data": ("Odczyt danych sprawy", "Nadzór nad przebiegiem sprawy", False),
    "case.read_element_data": ("Odczyt danych kroku procesu", "Nadzór nad przebiegiem sprawy", False),
    "case.history": ("Odczyt historii sprawy", "Nadzór nad przebiegiem sprawy", False),
    "case.map": ("Odczyt mapy sprawy", "Nadzór nad przebiegiem sprawy", False),
    "case.message": ("Wiadomość z innego systemu do sprawy", "Współpraca instytucji w sprawie", True),
    "case.participant": ("Dołączenie instytucji do sprawy", "Współpraca instytucji w sprawie", True),
    "case.participant_removed": ("Odłączenie instytucji od sprawy", "Współpraca instytucji w sprawie", True),
    "case.suspended": ("Wstrzymanie sprawy", "Nadzór nad przebiegiem sprawy", True),
    "case.resumed": ("Wznowienie sprawy", "Nadzór nad przebiegiem sprawy", True),
    "case.terminated": ("Zakończenie sprawy przez superwizora", "Nadzór nad przebiegiem sprawy", True),
    "case.retried": ("Ponowienie kroku po błędzie", "Nadzór nad przebiegiem sprawy", True),
    "case.bulk": ("Działanie na wielu sprawach", "Nadzór nad przebiegiem sprawy", True),
    "case.correction": ("Poprawienie zapisanego faktu (art. 16 RODO)", "Sprostowanie danych", True),
    "case.anonymize": ("Anonimizacja sprawy", "Upływ okresu przechowywania danych", True),
    "question.ask": ("Pytanie do zespołu ROPS w sprawie", "Wsparcie pracownika przez zespół modelowy ROPS", True),
    "question.answer": ("Odpowiedź zespołu ROPS na pytanie", "Wsparcie pracownika przez zespół modelowy ROPS", True),
    "question.read": ("Odczyt pytania do zespołu ROPS", "Wsparcie pracownika przez zespół modelowy ROPS", False),
    "task.read": ("Odczyt zadania", "Wykonanie zadania w sprawie", False),
    "task.context": ("Odczyt kontekstu zadania", "Wykonanie zadania w sprawie", False),
    "task.draft": ("Zapis wersji roboczej formularza", "Wykonanie zadania w sprawie", True),
    "task.read_data": ("Odczyt danych zadania przez system", "Obsługa sprawy przez system", False),
    "task.complete": ("Zapis decyzji (wykonanie zadania)", "Wykonanie zadania w sprawie", True),
    "task.claimed": ("Przyjęcie zadania", "Wykonanie zadania w sprawie", True),
    "task.unclaimed": ("Oddanie zadania", "Wykonanie zadania w sprawie", True),
    "task.assigned": ("Przydzielenie zadania", "Organizacja pracy w sprawie", True),
    "document.plan": ("Pobranie planu (IPW) w PDF", "Realizacja planu współpracy z rodziną", False),
    "document.contract": ("Pobranie kontraktu socjalnego w PDF", "Realizacja planu współpracy z rodziną", False),
    "document.project": ("Pobranie projektu socjalnego w PDF", "Realizacja planu współpracy z rodziną", False),
    "document.consent": ("Pobranie oświadczenia o zgodzie w PDF", "Dokumentowanie zgody członka rodziny", False),
    "document.list": ("Odczyt listy oświadczeń o zgodzie", "Dokumentowanie zgód członków rodziny", False),
    "document.minutes": ("Pobranie protokołu posiedzenia PZK w PDF", "Decyzje Partnerskiego Zespołu Kooperacji", False),
    "meeting.waiting": ("Przygotowanie porządku posiedzenia PZK", "Decyzje Partnerskiego Zespołu Kooperacji", False),
    "meeting.schedule": (
        "Wpisanie sprawy do porządku posiedzenia PZK",
        "Decyzje Partnerskiego Zespołu Kooperacji",
        True,
    ),
    "meeting.read": ("Odczyt porządku posiedzenia PZK", "Decyzje Partnerskiego Zespołu Kooperacji", False),
    "meeting.decision.read": ("Odczyt formularza decyzji PZK", "Decyzje Partnerskiego Zespołu Kooperacji", False),
    "meeting.decision": ("Zapis decyzji PZK na posiedzeniu", "Decyzje Partnerskiego Zespołu Kooperacji", True),
    "recommendations.read": (
        "Odczyt wniosków i rekomendacji ze sprawy (Księga rekomendacji)",
        "Nadzór nad realizacją Modelu i rekomendacje dla ROPS",
        False,
    ),
    "report.read": ("Odczyt księgi rekomendacji", "Nadzór nad realizacją Modelu i rekomendacje dla ROPS", False),
    "protection.access_log": ("Odczyt dziennika dostępu przez IOD", "Rozliczalność (art. 5 ust. 2 RODO)", False),
    "protection.cases": ("Przeglądanie spraw przez IOD", "Nadzór nad ochroną danych (art. 39 RODO)", False),
    "protection.register": ("Odczyt rejestru czynności przetwarzania", "Rejestr czynności (art. 30 RODO)", False),
    "protection.subject_access": (
        "Przygotowanie informacji dla osoby przez IOD",
        "Prawo dostępu osoby do danych (art. 15 RODO)",
        False,
    ),
}
UNKNOWN = ("Inna czynność w sprawie", "Obsługa sprawy", False)
REFUSED = "Odmowa dostępu: "


def action_words(action: str) -> tuple[str, str, bool, bool]:
    """(label, purpose, write, refused) of an audit code."""
    refused = action.endswith(".refused")
    label, purpose, write = ACTIONS.get(action.removesuffix(".refused"), UNKNOWN)
    return (REFUSED + label[0].lower() + label[1:] if refused else label), purpose, write and not refused, refused


#: Every part of the case file is processed under art. 100 u.p.s. and art. 6/9 GDPR; some add a basis.
COMMON_BASIS = (
    "art. 6 ust. 1 lit. c i e RODO – obowiązek prawny i zadanie w interesie publicznym (pomoc społeczna)",
    "art. 9 ust. 2 lit. g i h RODO w zw. z art. 100 i art. 25 ustawy o pomocy społecznej",
)
SECTION_BASIS = {
    "zgody": ("art. 9 ust. 2 lit. a RODO – wyraźna zgoda członka rodziny", "art. 7 ust. 3 RODO – wycofanie zgody"),
    "skierowania_zi": ("art. 9c ustawy o przeciwdziałaniu przemocy domowej – przetwarzanie przez zespół",),
    "interwencje_kryzysowe": ("art. 47 ustawy o pomocy społecznej – interwencja kryzysowa",),
    "kontrakt": ("art. 108 ustawy o pomocy społecznej – kontrakt socjalny",),
    "partnerstwo": ("art. 6 ust. 1 lit. e RODO – dane pracowników instytucji partnerskich",),
}
ASSUMED = "Podstawy prawne są ustawieniem domyślnym systemu – do potwierdzenia przez inspektora ochrony danych."
NO_SECTION_PURPOSE = "Przebieg sprawy"
#: Sections that hold no special-category data of the family (only the institutions' own data).
ORDINARY_SECTIONS = frozenset({"partnerstwo"})


def legal_basis(section_id: str | None) -> tuple[str, ...]:
    if section_id == "partnerstwo":
        return SECTION_BASIS["partnerstwo"]
    return (*COMMON_BASIS, *SECTION_BASIS.get(section_id or "", ()))


def retention_text(period: timedelta | None) -> str:
    """The retention setting in words (``KOOPERACJA_RETENTION``)."""
    if period is None:
        return (
            "Okres przechowywania nie jest jeszcze ustawiony w konfiguracji systemu: dane są przechowywane do czasu "
            "ustalenia okresu zgodnie z Jednolitym Rzeczowym Wykazem Akt."
        )
    years, days = divmod(period.days, 365)
    if years and days < 5:
        length = f"{years} {'roku' if years == 1 else 'latach'}"
    else:
        length = f"{period.days} {'dniu' if period.days == 1 else 'dniach'}"
    return (
        f"Dane osobowe sprawy są anonimizowane po {length} od jej zamknięcia; zostają dane statystyczne "
        "i dziennik dostępu (bez danych osobowych)."
    )
