"""Fixtures for the fuzz check: real records made through the API on top of
the demo data, so that generated requests can name ids that exist and
reach the handlers' success paths.

Several records of each kind are made at different points of the pathway:
a decision, a closure or an outcome consumes its record, so the generated
requests get several chances at one still waiting.
"""

from __future__ import annotations

import datetime
from typing import Any

from harness import DEMO_CARER_ID, DEMO_SCHOOL_URN, Client, Server
from hooks import upn_check_letter

ROLES = (
    "la_officer",
    "school_staff",
    "cluster_practitioner",
    "parent",
    "health_referrer",
    "camhs_practitioner",
    "integration",
    "dpo",
)


def today() -> str:
    return datetime.date.today().isoformat()


def days_ahead(n: int) -> str:
    return (datetime.date.today() + datetime.timedelta(days=n)).isoformat()


def upn(serial: int) -> str:
    body = f"38221012{serial:04d}"[:12]
    return upn_check_letter(body) + body


def tokens(server: Server, cluster_id: str) -> dict[str, str]:
    scope: dict[str, dict[str, str]] = {
        "school_staff": {"school": DEMO_SCHOOL_URN},
        "cluster_practitioner": {"cluster": cluster_id},
        "parent": {"carer": DEMO_CARER_ID},
    }
    return {role: server.token(role, **scope.get(role, {})) for role in ROLES}


def consent(purpose: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "purpose": purpose,
        "decision": "given",
        "decided_by": {"kind": "carer", "carer_id": DEMO_CARER_ID},
        "method": "in_person",
    }
    if purpose == "information_sharing":
        body["agencies"] = ["educational_psychology", "camhs"]
    return body


CONCERN = {
    "raised_by": "school_staff",
    "category": "emotional",
    "description": "Tearful at drop-off.",
}
PLAN = {
    "needs": [{"area": "social_emotional_mental_health", "detail": "Anxious at transitions."}],
    "outcomes": "Settles into class within ten minutes on four days out of five.",
    "strategies": "Meet-and-greet by TA; visual timetable; calm corner.",
    "responsibilities": "TA: morning meet-and-greet. Parent: consistent drop-off.",
}
ASSESSMENT = {
    "participants": ["child", "family"],
    "agencies": ["early_support"],
    "other_agencies": [],
    "areas": [{"area": "Child's developmental needs", "strengths": "Reads well.", "needs": "Anxious at drop-off."}],
    "family_view": "Mornings are the hardest part.",
}
FAMILY_MEETING = {
    "kind": "school_before_plan",
    "attendees": [{"role": "parent", "name": "Sara Hussain"}, {"role": "senco", "name": "Mrs Khan"}],
    "discussed": "Tearful at drop-off; mornings at home are hard.",
    "agreed": "A meet-and-greet by the TA each morning.",
}
COUNSELLING = {
    "kind": "counselling",
    "provider": {"kind": "external", "name": "Northorpe Hall"},
    "planned_sessions": 8,
    "funding_pence": 48000,
}


class World:
    """The records made so far, and the requests known to succeed."""

    def __init__(self, server: Server) -> None:
        self.server = server
        la = Client(server.url, server.token("la_officer"))
        clusters = la.expect(200, "GET", "/v1/clusters?limit=500")["items"]
        self.cluster_14: str = next(c["id"] for c in clusters if c["number"] == 14)
        self.tokens = tokens(server, self.cluster_14)
        self.la = la
        self.staff = Client(server.url, self.tokens["school_staff"])
        self.cp = Client(server.url, self.tokens["cluster_practitioner"])
        self.hr = Client(server.url, self.tokens["health_referrer"])
        self.schools = la.expect(200, "GET", "/v1/schools?limit=500")["items"]
        self.school: dict[str, Any] = next(s for s in self.schools if s["urn"] == DEMO_SCHOOL_URN)
        self.children: list[dict[str, Any]] = self.staff.expect(200, "GET", "/v1/children?limit=500")["items"]
        self.made = 0
        self.seeds: dict[str, list[dict[str, Any]]] = {}

    def seed(self, operation: str, **request: Any) -> None:
        """A request that succeeds now: tried first, in the examples phase."""
        self.seeds.setdefault(operation, []).append(request)

    def child(self) -> str:
        self.made += 1
        body = {
            "school_id": self.school["id"],
            "legal_given_name": f"Fixture{self.made}",
            "legal_family_name": "Hussain",
            "date_of_birth": f"2014-05-{self.made:02d}",
            "upn": upn(900 + self.made),
        }
        made = self.staff.expect(201, "POST", "/v1/children", body)
        self.staff.expect(201, "PUT", f"/v1/children/{made['id']}/carers/{DEMO_CARER_ID}")
        self.children.append(made)
        return str(made["id"])

    def consents(self, child: str, purposes: tuple[str, ...]) -> list[str]:
        return [
            self.staff.expect(201, "POST", f"/v1/children/{child}/consents", consent(p))["id"]
            for p in purposes
        ]

    def case(self, child: str, reviewed: bool = True) -> tuple[str, str]:
        """A case in school support with a plan (reviewed as not effective)."""
        concern = {**CONCERN, "raised_on": today()}
        case = self.staff.expect(201, "POST", "/v1/cases", {"child_id": child, "concern": concern})
        plan = self.staff.expect(201, "POST", f"/v1/cases/{case['id']}/plans", {**PLAN, "review_on": days_ahead(42)})
        if reviewed:
            review = {
                "effectiveness": "not_effective",
                "notes": "Reviewed with the family.",
                "parents_met_on": today(),
                "reviewed_on": today(),
            }
            self.staff.expect(201, "POST", f"/v1/plans/{plan['id']}/reviews", review)
        return case["id"], plan["id"]

    def assess(self, case: str) -> str:
        """A holistic assessment of the case, with the default tool's areas."""
        body = {**ASSESSMENT, "review_on": days_ahead(56)}
        return str(self.staff.expect(201, "POST", f"/v1/cases/{case}/assessments", body)["id"])

    def family_meeting(self, case: str) -> str:
        """The school's meeting with the family before the plan, held today."""
        body = {**FAMILY_MEETING, "held_on": today()}
        return str(self.staff.expect(201, "POST", f"/v1/cases/{case}/family-meetings", body)["id"])

    def ready(self) -> tuple[str, str, str]:
        """A child's case that meets every condition of a referral, an
        assessment included (an LA may require one): (child, case, plan)."""
        child = self.child()
        self.consents(child, ("cluster_referral", "information_sharing", "camhs_referral"))
        case, plan = self.case(child)
        self.assess(case)
        return child, case, plan

    def referral(self, case: str) -> str:
        body = {"case_id": case, "summary": "In-school plan has not worked; family asks for help."}
        return str(self.staff.expect(201, "POST", "/v1/cluster-referrals", body)["id"])

    def meeting(self, ahead: int) -> str:
        attendees = [{"name": "Dr Asha Patel", "role": "Educational Psychology"}]
        body = {"cluster_id": self.cluster_14, "held_on": days_ahead(ahead), "attendees": attendees}
        return str(self.cp.expect(201, "POST", "/v1/meetings", body)["id"])

    def held(self) -> str:
        """A meeting today, held: one that may decide."""
        meeting = self.meeting(0)
        attended = {"attendees": [{"name": "Dr Asha Patel", "role": "Educational Psychology"}]}
        self.cp.expect(200, "POST", f"/v1/meetings/{meeting}/holding", attended, If_Match='"1"')
        return meeting

    def schedule(self, meeting: str, referral: str) -> None:
        self.cp.expect(200, "POST", f"/v1/meetings/{meeting}/agenda", {"referral_id": referral})

    def decision(self, meeting: str) -> dict[str, Any]:
        return {
            "meeting_id": meeting,
            "decision": "accept",
            "rationale": "Discussed at the meeting.",
            "present": ["Dr Asha Patel"],
            "risk": {"level": "medium", "factors": ["Attendance below 80% this term"]},
            # Due yesterday: the cluster's overdue list has it.
            "next_steps": [{"action": "Tell the family who the counsellor is", "owner": "SENCo", "due_on": days_ahead(-1)}],
            "interventions": [{**COUNSELLING, "starts_on": today()}],
        }

    def next_step(self, referral: str) -> str:
        """The first next step of the referral's decision."""
        decided = self.cp.expect(200, "GET", f"/v1/cluster-referrals/{referral}/decision")
        return str(decided["next_steps"][0]["id"])

    def accepted(self, meeting: str) -> tuple[str, str, dict[str, Any]]:
        """A case accepted by the cluster with counselling: (case, referral, intervention)."""
        _, case, _ = self.ready()
        referral = self.referral(case)
        self.schedule(meeting, referral)
        self.cp.expect(201, "POST", f"/v1/cluster-referrals/{referral}/decision", self.decision(meeting))
        agreed = self.cp.expect(200, "GET", f"/v1/cases/{case}/interventions")["items"][0]
        return case, referral, agreed

    def completed(self, meeting: str) -> tuple[str, str]:
        """An accepted case whose counselling is completed and reviewed: (case, intervention)."""
        case, _, it = self.accepted(meeting)
        for change in ({"status": "active"}, {"status": "completed", "attended_sessions": 8}):
            it = self.cp.expect(200, "PATCH", f"/v1/interventions/{it['id']}", change, If_Match=f'"{it["version"]}"')
        impact = {"progress": "improved", "notes": "Attendance up.", "reviewed_on": today()}
        self.cp.expect(201, "POST", f"/v1/interventions/{it['id']}/reviews", impact)
        return case, it["id"]

    def version(self, path: str) -> str:
        return f'"{self.staff.expect(200, "GET", path)["version"]}"'

    def at_camhs(self, meeting: str) -> tuple[str, str]:
        """A case through the cluster with unmet needs, referred to CAMHS: (case, CAMHS referral)."""
        case, _ = self.completed(meeting)
        outcome = {"outcome": "unmet_semh_needs", "summary": "The cluster's work is done."}
        self.cp.expect(200, "POST", f"/v1/cases/{case}/cluster-outcome", outcome, If_Match=self.version(f"/v1/cases/{case}"))
        camhs = {"case_id": case, "urgency": "routine", "summary": "Low mood persists."}
        return case, str(self.cp.expect(201, "POST", "/v1/camhs-referrals", camhs)["id"])


def financial_year() -> int:
    """The financial year today is in, named by the year it starts in (April)."""
    day = datetime.date.today()
    return day.year if day.month >= 4 else day.year - 1


LA_SETTINGS = {
    "assessment": {
        "required_before_school_referral": False,
        "tool_name": "Early Help Assessment",
        "areas": ["Child's developmental needs", "Parenting capacity", "Family and environmental factors"],
    },
    "risk_scale": {"levels": ["low", "medium", "high"]},
    "reports": {"disclosure_threshold": 5},
    "retention": {"sen": {"years_after_date_of_birth": 31}, "child_protection": {"years_after_date_of_birth": 25}},
    # A formula for this financial year, so that a proposal can be made.
    "funding": {
        "formulas": [
            {
                "financial_year": financial_year(),
                "base_per_school_pence": 500000,
                "rates": [{"level": "sen_support", "per_child_pence": 40000}, {"level": "ehcp", "per_child_pence": 150000}],
            }
        ],
        "equity_band_percent": 20,
    },
}

OVERRIDE = {
    "article_6_basis": "public_task",
    "article_9_condition": "safeguarding_of_children",
    "no_consent_reason": "would_prejudice_the_purpose",
    "rationale": "Asking the carer would alert the person the child is at risk from.",
    "recipients": ["Cluster 14 Support and Guidance meeting"],
    "shared": "The referral and the school's concerns about home.",
}


def more_seeds(
    w: World,
    team: list[dict[str, Any]],
    services: list[dict[str, Any]],
    carers: list[str],
    overrides: list[str],
    cases: list[str],
) -> None:
    """Known-good requests for the writes whose bodies fuzzing rarely gets right."""
    c14, year = w.cluster_14, datetime.date.today().year
    school = w.schools[1]

    def etag(client: Client, path: str) -> dict[str, str]:
        return {"If-Match": f'"{client.expect(200, "GET", path)["version"]}"'}

    w.seed("create_cluster", body={"number": 77, "name": "Cluster 77", "area": "Dalton"})
    w.seed("update_cluster", path_parameters={"id": c14}, headers=etag(w.la, f"/v1/clusters/{c14}"), body={"area": "Huddersfield North and Birkby"})
    w.seed("create_school", body={"urn": "990150", "dfe_number": "382/2150", "name": "Fixture Primary School", "phase": "primary", "cluster_id": c14})
    w.seed("update_school", path_parameters={"id": school["id"]}, headers=etag(w.la, f"/v1/schools/{school['id']}"), body={"name": school["name"] + " (Academy)"})
    w.seed("upsert_school_by_urn", path_parameters={"urn": "990160"}, body={"dfe_number": "382/2160", "name": "Fixture Junior School", "phase": "junior"})
    w.seed("create_team_member", body={"agency": "health", "name": "Nurse Fixture"}, path_parameters={"id": c14})
    w.seed("update_team_member", path_parameters={"id": team[0]["id"]}, headers=etag(w.la, f"/v1/team-members/{team[0]['id']}"), body={"phone": "01484 221001"})
    w.seed("create_service", body={"name": "Fixture Service", "description": "Support for families.", "url": "https://example.org/support"})
    w.seed("update_service", path_parameters={"id": services[0]["id"]}, headers=etag(w.la, f"/v1/services/{services[0]['id']}"), body={"max_age": 18})
    w.seed("set_allocation", path_parameters={"id": c14, "financial_year": year}, body={"amount_pence": 2500000})
    # Last year's allocation, made now, has a version to list (this year's
    # is left to the set_allocation seed, which creates it without If-Match).
    w.la.expect(201, "PUT", f"/v1/clusters/{c14}/allocations/{year - 1}", {"amount_pence": 2400000})
    w.seed("list_allocation_versions", path_parameters={"id": c14, "financial_year": year - 1})
    w.la.expect(200, "PUT", "/v1/la-settings", LA_SETTINGS, If_Match="*")
    census = {"financial_year": financial_year(), "census_date": today()}
    proposal = w.la.expect(201, "POST", "/v1/funding-proposals", census)
    w.seed("create_funding_proposal", body=census)
    w.seed("list_funding_proposals")
    w.seed("get_funding_proposal", path_parameters={"id": proposal["id"]})
    w.seed("get_service_report", query={"period": str(financial_year())})

    child = w.children[0]["id"]
    w.seed("create_child", body={"school_id": w.school["id"], "legal_given_name": "Noor", "legal_family_name": "Ahmed", "date_of_birth": "2018-02-02", "upn": upn(990)})
    w.seed("update_child", path_parameters={"id": child}, headers=etag(w.staff, f"/v1/children/{child}"), body={"preferred_name": "Mia"})
    record = {"legal_given_name": "Zara", "legal_family_name": "Ahmed", "date_of_birth": "2017-09-09", "school_urn": DEMO_SCHOOL_URN}
    w.seed("upsert_child_by_upn", path_parameters={"upn": upn(991)}, body={**record, "upn": upn(991)})
    w.seed("sync_children", body={"rows": [{**record, "legal_given_name": "Sami", "upn": upn(992)}]})
    father = {
        "name": "Yasir Hussain",
        "relationship": "uncle",
        "parental_responsibility": False,
        "preferred_contact": "phone",
        "phone": "07700 900456",
    }
    w.seed("add_child_carer", path_parameters={"id": child}, body=father)
    w.seed("link_child_carer", path_parameters={"id": w.children[1]["id"], "carer_id": carers[1]})
    w.seed("update_carer", path_parameters={"id": carers[1]}, headers=etag(w.staff, f"/v1/carers/{carers[1]}"), body={"phone": "07700 900789"})
    w.seed("record_consent", path_parameters={"id": child}, body=consent("information_sharing"))
    diagnosis = {"description": "Anxiety disorder", "reported_by_name": "Dr Okafor", "reported_by_profession": "GP", "reported_on": today()}
    w.seed("record_reported_diagnosis", path_parameters={"id": child}, body=diagnosis)
    w.seed("open_case", body={"child_id": w.child(), "concern": {**CONCERN, "raised_on": today()}})
    case, plan = w.case(w.child(), reviewed=False)
    w.seed("add_concern", path_parameters={"id": case}, body={**CONCERN, "raised_on": today()})
    w.seed("revise_plan", path_parameters={"id": plan}, headers=etag(w.staff, f"/v1/plans/{plan}"), body={"strategies": "Meet-and-greet; visual timetable."})
    review = {"effectiveness": "partly_effective", "notes": "Reviewed with the family.", "parents_met_on": today(), "reviewed_on": today()}
    w.seed("review_plan", path_parameters={"id": plan}, body=review)
    other, _ = w.case(w.child(), reviewed=False)
    w.seed("agree_plan", path_parameters={"id": other}, body={**PLAN, "review_on": days_ahead(42)})
    w.seed("record_assessment", path_parameters={"id": other}, body={**ASSESSMENT, "review_on": days_ahead(56)})
    assessment = w.assess(case)
    w.seed("revise_assessment", path_parameters={"id": assessment}, headers=etag(w.staff, f"/v1/assessments/{assessment}"), body={"family_view": "Evenings are now the worry."})
    w.seed("record_family_meeting", path_parameters={"id": other}, body={**FAMILY_MEETING, "held_on": today()})
    met = w.family_meeting(case)
    w.seed("set_family_meeting_parent_view", path_parameters={"id": met}, headers={"If-Match": '"1"'}, body={"view": "We felt listened to."})
    w.seed("set_la_settings", headers={"If-Match": "*"}, body=LA_SETTINGS)
    w.seed("signpost", path_parameters={"id": cases[0]}, body={"service_id": services[0]["id"], "note": "Kooth while waiting."})
    w.seed("record_safeguarding_override", path_parameters={"id": case}, body=OVERRIDE)
    w.seed("review_safeguarding_override", path_parameters={"id": overrides[0]}, body={"outcome": "upheld"})
    attendees = [{"name": "Dr Asha Patel", "role": "Educational Psychology"}]
    w.seed("create_meeting", body={"cluster_id": c14, "held_on": days_ahead(14), "attendees": attendees})


def build(server: Server) -> tuple[dict[str, str], dict[str, list[Any]], dict[str, list[dict[str, Any]]]]:
    """Makes the fixtures; returns the tokens per role, the ids per kind for
    generated requests, and per operation the requests known to succeed
    (on records of their own, which generated requests do not name)."""
    w = World(server)
    team = w.la.expect(200, "GET", f"/v1/clusters/{w.cluster_14}/team?limit=500")["items"]
    services = w.la.expect(200, "GET", "/v1/services?limit=500")["items"]
    carers = [DEMO_CARER_ID]
    extra = {
        "name": "Imran Hussain",
        "relationship": "father",
        "parental_responsibility": True,
        "parental_responsibility_basis": "named_on_birth_certificate",
        "preferred_contact": "email",
        "email": "imran@example.org",
    }
    first_child = w.children[0]["id"]
    carers.append(w.staff.expect(201, "POST", f"/v1/children/{first_child}/carers", extra)["id"])

    # Records the generated requests name.
    # Two held today (they decide), one scheduled next week (on whose agenda
    # referrals wait).
    meetings = [w.held(), w.held(), w.meeting(7)]
    cases, plans, referrals, interventions, consents = [], [], [], [], []
    for child in [c["id"] for c in w.children[:2]]:
        consents += w.consents(child, ("cluster_referral", "information_sharing", "camhs_referral"))
    case, camhs_referral = w.at_camhs(meetings[0])
    cases.append(case)
    camhs_referrals = [camhs_referral]
    for _ in range(2):
        case, referral, it = w.accepted(meetings[0])
        cases.append(case)
        referrals.append(referral)
        interventions.append(it["id"])
    next_steps = [w.next_step(r) for r in referrals]
    for _ in range(2):
        _, case, plan = w.ready()
        cases.append(case)
        plans.append(plan)
        referral = w.referral(case)
        referrals.append(referral)
        w.schedule(meetings[0], referral)
    child = w.child()
    case, plan = w.case(child, reviewed=False)
    cases.append(case)
    plans.append(plan)
    assessments = [w.assess(cases[0]), w.assess(case)]
    family_meetings = [w.family_meeting(cases[0]), w.family_meeting(case)]
    overrides = [w.staff.expect(201, "POST", f"/v1/cases/{cases[-2]}/safeguarding-overrides", OVERRIDE)["id"]]
    diagnosis = {
        "description": "Anxiety disorder",
        "reported_by_name": "Dr Okafor",
        "reported_by_profession": "GP",
        "reported_on": today(),
    }
    w.hr.expect(201, "POST", f"/v1/children/{first_child}/reported-diagnoses", diagnosis)
    # A GP's referral: a health referrer sees only their own.
    body = {
        "school_id": w.school["id"],
        "legal_given_name": "Maryam",
        "legal_family_name": "Shah",
        "date_of_birth": "2015-06-01",
        "nhs_number": "9990000018",
    }
    patient = w.staff.expect(201, "POST", "/v1/children", body)
    w.staff.expect(201, "PUT", f"/v1/children/{patient['id']}/carers/{DEMO_CARER_ID}")
    w.consents(patient["id"], ("cluster_referral",))
    gp = {
        "nhs_number": "9990000018",
        "date_of_birth": "2015-06-01",
        "concern": {**CONCERN, "raised_by": "health", "raised_on": today()},
        "summary": "GP referral: anxiety affecting school attendance.",
    }
    referrals.append(w.hr.expect(201, "POST", "/v1/cluster-referrals", gp)["id"])

    # Records of the known-good requests' own.
    _, case, _ = w.ready()
    w.seed("create_cluster_referral", body={"case_id": case, "summary": "In-school plan has not worked."})
    _, case, _ = w.ready()
    referral = w.referral(case)
    w.seed("add_to_agenda", path_parameters={"id": meetings[1]}, body={"referral_id": referral})
    _, case, _ = w.ready()
    referral = w.referral(case)
    w.schedule(meetings[1], referral)
    w.seed("decide_cluster_referral", path_parameters={"id": referral}, body=w.decision(meetings[1]))
    w.seed("hold_meeting", path_parameters={"id": w.meeting(0)}, headers={"If-Match": '"1"'},
           body={"attendees": [{"name": "Dr Asha Patel", "role": "Educational Psychology"}],
                 "apologies": [{"name": "Tom Reid", "role": "Early Support"}]})
    w.seed("cancel_meeting", path_parameters={"id": w.meeting(7)}, headers={"If-Match": '"1"'},
           body={"reason": "Too few agencies could attend."})
    _, referral, _ = w.accepted(meetings[1])
    w.seed("complete_next_step", path_parameters={"id": w.next_step(referral)}, headers={"If-Match": '"1"'})
    _, _, it = w.accepted(meetings[1])
    w.seed("adapt_intervention", path_parameters={"id": it["id"]}, headers={"If-Match": f'"{it["version"]}"'}, body={"status": "active"})
    case, _ = w.completed(meetings[1])
    outcome = {"outcome": "unmet_semh_needs", "summary": "The cluster's work is done."}
    w.seed("record_cluster_outcome", path_parameters={"id": case}, headers={"If-Match": w.version(f"/v1/cases/{case}")}, body=outcome)
    case, _ = w.completed(meetings[1])
    w.cp.expect(200, "POST", f"/v1/cases/{case}/cluster-outcome", outcome, If_Match=w.version(f"/v1/cases/{case}"))
    w.seed("create_camhs_referral", body={"case_id": case, "urgency": "routine", "summary": "Low mood persists."})
    _, camhs_referral = w.at_camhs(meetings[1])
    w.seed("move_camhs_referral", path_parameters={"id": camhs_referral}, headers={"If-Match": '"1"'}, body={"status": "received"})
    case, _ = w.case(w.child(), reviewed=False)
    w.seed("close_case", path_parameters={"id": case}, headers={"If-Match": w.version(f"/v1/cases/{case}")}, body={"reason": "needs_met"})
    case, _ = w.case(w.child(), reviewed=False)
    version = w.version(f"/v1/cases/{case}")
    w.staff.expect(200, "POST", f"/v1/cases/{case}/closure", {"reason": "needs_met"}, If_Match=version)
    w.seed("reopen_case", path_parameters={"id": case}, headers={"If-Match": w.version(f"/v1/cases/{case}")})
    given = w.consents(w.child(), ("cluster_referral",))[0]
    withdrawal = {"decided_by": {"kind": "carer", "carer_id": DEMO_CARER_ID}, "method": "phone"}
    w.seed("withdraw_consent", path_parameters={"id": given}, body=withdrawal)

    year = datetime.date.today().year
    term = {"half_terms": [
        {"name": name, "starts_on": f"{year + 1 + dy}-{start}", "ends_on": f"{year + 1 + dy}-{end}"}
        for name, dy, start, end in (
            ("autumn_1", 0, "09-02", "10-23"), ("autumn_2", 0, "11-02", "12-18"),
            ("spring_1", 1, "01-05", "02-12"), ("spring_2", 1, "02-22", "03-26"),
            ("summer_1", 1, "04-12", "05-28"), ("summer_2", 1, "06-07", "07-21"),
        )
    ]}
    w.seed("set_term_dates", path_parameters={"academic_year": year + 1}, body=term)
    more_seeds(w, team, services, carers, overrides, cases)
    impact = {"progress": "improved", "notes": "Attendance up.", "reviewed_on": today()}
    w.seed("review_intervention", path_parameters={"id": interventions[0]}, body=impact)
    w.seed("get_intervention", path_parameters={"id": interventions[0]})

    fixtures: dict[str, list[Any]] = {
        "clusters": [w.cluster_14],
        "schools": [s["id"] for s in w.schools],
        "urns": [s["urn"] for s in w.schools],
        "team-members": [m["id"] for m in team],
        "services": [s["id"] for s in services],
        "children": [c["id"] for c in w.children],
        "upns": [c["upn"] for c in w.children if c.get("upn")],
        "carers": carers,
        "consents": consents,
        "cases": cases,
        "plans": plans,
        "assessments": assessments,
        "family-meetings": family_meetings,
        "interventions": interventions,
        "cluster-referrals": referrals,
        "camhs-referrals": camhs_referrals,
        "meetings": meetings,
        "next-steps": next_steps,
        "safeguarding-overrides": overrides,
        "years": [datetime.date.today().year],
        # Records here are young: their versions are small.
        "if-match": [f'"{n}"' for n in range(1, 7)],
    }
    return w.tokens, fixtures, w.seeds


def restore(server: Server) -> None:
    """Puts back what one run's generated requests may change and the next
    run's seeds rely on: the LA's settings (a decision's risk level is one
    of their scale, an assessment's areas are theirs), which the LA
    officer's run sets to generated values."""
    Client(server.url, server.token("la_officer")).expect(200, "PUT", "/v1/la-settings", LA_SETTINGS, If_Match="*")
