"""Role names, the sets of roles permission checks use, and the kinds of institution.

Roles are data in the model (a BPMN lane names a role); the few the engine itself relies on are
named here, once, for the engine, the web layer and the command line.
"""

from __future__ import annotations

ADMINISTRATOR = "Administrator"
SUPERVISOR = "Superwizor"
ANALYST = "Analityk"
ANIMATOR = "Animator"
SOCIAL_WORKER = "Pracownik socjalny OPS"
#: The data-protection officer (inspektor ochrony danych): answers for the controller's register of
#: processing, subject access and who read what; reads case data only through those outputs.
DATA_PROTECTION_OFFICER = "IOD"
#: A councillor of a gmina or powiat (radny): reads figures about the cooperation in their gmina's
#: partnerships (counts only, small counts suppressed), never a case or a person.
COUNCILLOR = "Radny"
#: The ROPS model team's adviser (doradca) and legal consultant (konsultant prawny): answer the questions
#: workers ask from their tasks and cases; they read a case only as far as another role lets them.
ADVISER = "Doradca"
LEGAL_CONSULTANT = "Konsultant prawny"

#: Roles of the deployment rather than of a process lane, listed first when roles are offered.
SYSTEM_ROLES = (ADMINISTRATOR, ANALYST, SUPERVISOR, DATA_PROTECTION_OFFICER, COUNCILLOR, ADVISER, LEGAL_CONSULTANT)
#: See and supervise the cases of their scope (suspend, resume, terminate, retry, reassign, read all
#: data): the partnerships their institution belongs to, or every case at a regional institution.
#: The administrator manages accounts and reads no case data.
SUPERVISOR_ROLES = frozenset({SUPERVISOR})
#: May manage institutions, users, partnerships and API tokens.
ADMIN_ROLES = frozenset({ADMINISTRATOR})
#: The data-protection officer's pages: who read what, subject access, the register of processing.
OFFICER_ROLES = frozenset({DATA_PROTECTION_OFFICER})
#: The councillors' figures of their gmina's partnerships.
COUNCILLOR_ROLES = frozenset({COUNCILLOR})
#: The ROPS model team a worker may ask a question of, in the order the question form offers them.
ADVICE_ROLES = (ADVISER, LEGAL_CONSULTANT, SUPERVISOR)
#: May deploy new versions of the processes.
DEPLOY_ROLES = frozenset({ANALYST, ADMINISTRATOR})
#: Lead a case: told of escalations, may assign its tasks and change who takes part in it.
LEAD_ROLES = frozenset({ANIMATOR})
#: May change which institution plays which role in a case.
TEAM_EDITORS = LEAD_ROLES | SUPERVISOR_ROLES
#: May open a new family case.
CASE_STARTERS = (SOCIAL_WORKER, ANIMATOR)

#: The model's table of who sees which section of a case file (``processes/widocznosc.json``).
VISIBILITY_TABLE_FILE = "widocznosc.json"

#: Kinds of institution whose supervisors oversee the whole region (every partnership).
REGIONAL_KINDS = frozenset({"ROPS"})

INSTITUTION_KINDS = (
    "OPS",
    "PCPR",
    "PUP",
    "Policja",
    "Sąd",
    "szkoła",
    "PPP",
    "ochrona zdrowia",
    "GKRPA",
    "ZI",
    "OIK",
    "NGO",
    "ROPS",
    "samorząd",  # a council of a gmina or powiat (rada gminy, rada powiatu): its councillors read figures
)

#: What an API token may be allowed to do (``api_token.operations``); each route of ``/api/v1`` needs one.
API_OPERATIONS = (
    "messages:send",
    "cases:read",
    "cases:start",
    "tasks:read",
    "tasks:complete",
    "processes:read",
    "meetings:read",
)
