"""The demo pathway through the Python client generated from openapi.yaml
(openapi-python-client), as an integrator would write it: a child and a
carer, a concern, a plan and its review, the family's consents, the
school's referral, the cluster's meeting and its decision. Each step's
status and result are asserted. Type-checked with `mypy --strict`.

    pathway.py --bin target/debug/cluster-support [--backend sqlite|postgres]
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path
from typing import TypeVar

import harness
from cluster_support_client import AuthenticatedClient
from cluster_support_client.api.carers import add_child_carer
from cluster_support_client.api.cases import get_case, open_case
from cluster_support_client.api.children import create_child
from cluster_support_client.api.cluster_referrals import create_cluster_referral, decide_cluster_referral
from cluster_support_client.api.clusters import list_clusters
from cluster_support_client.api.consents import get_current_consents, record_consent
from cluster_support_client.api.meetings import add_to_agenda, create_meeting, hold_meeting
from cluster_support_client.api.plans import agree_plan, review_plan
from cluster_support_client.api.schools import get_school_by_urn
from cluster_support_client.models import (
    Agency,
    AgendaItem,
    AreaOfNeed,
    Attendee,
    ConcernCategory,
    ContactMethod,
    DecidedBy,
    DeciderKind,
    Decision,
    Effectiveness,
    ExternalProvider,
    ExternalProviderKind,
    HoldingInput,
    InterventionKind,
    MeetingDecision,
    Method,
    NeedArea,
    NewCarer,
    NewCase,
    NewChild,
    NewClusterReferralInput,
    NewConcern,
    NewConsentDecision,
    NewDecisionInput,
    NewInterventionInput,
    NewMeeting,
    NewPlan,
    NewReview,
    Problem,
    Purpose,
    RaisedBy,
    RecordedDecision,
    ResponsibilityBasis,
    RiskInput,
)
from cluster_support_client.types import Response

HERE = Path(__file__).resolve().parent
T = TypeVar("T")


def expect(step: str, status: int, response: Response[T | Problem]) -> T:
    """The parsed body of a response with this status, or the run stops."""
    parsed = response.parsed
    if int(response.status_code) != status or parsed is None or isinstance(parsed, Problem):
        raise AssertionError(
            f"{step}: expected {status}, got {int(response.status_code)}: {response.content[:500]!r}"
        )
    print(f"  {step}: {int(response.status_code)}")
    return parsed


def run(server: harness.Server) -> None:
    la = AuthenticatedClient(base_url=server.url, token=server.token("la_officer"))
    clusters = expect("list clusters", 200, list_clusters.sync_detailed(client=la, limit=500))
    cluster_14 = next(c for c in clusters.items if c.number == 14)
    staff = AuthenticatedClient(
        base_url=server.url, token=server.token("school_staff", school=harness.DEMO_SCHOOL_URN)
    )
    cluster = AuthenticatedClient(
        base_url=server.url, token=server.token("cluster_practitioner", cluster=str(cluster_14.id))
    )
    today = datetime.date.today()
    school = expect(
        "school by URN", 200, get_school_by_urn.sync_detailed(harness.DEMO_SCHOOL_URN, client=staff)
    )

    # The child and a carer with parental responsibility.
    child = expect(
        "create child",
        201,
        create_child.sync_detailed(
            client=staff,
            body=NewChild(
                school_id=school.id,
                legal_given_name="Hana",
                legal_family_name="Begum",
                date_of_birth=today.replace(year=today.year - 9, month=3, day=1),
                upn="Q382210125007",
            ),
        ),
    )
    assert child.legal_given_name == "Hana" and child.school_id == school.id
    carer = expect(
        "add carer",
        201,
        add_child_carer.sync_detailed(
            child.id,
            client=staff,
            body=NewCarer(
                name="Ruksana Begum",
                relationship="mother",
                parental_responsibility=True,
                parental_responsibility_basis=ResponsibilityBasis.BIRTH_MOTHER,
                preferred_contact=ContactMethod.PHONE,
                phone="07700 900222",
            ),
        ),
    )

    # A concern opens the case; the school's plan, reviewed as not effective.
    concern = NewConcern(
        raised_by=RaisedBy.SCHOOL_STAFF,
        category=ConcernCategory.EMOTIONAL,
        description="Tearful at drop-off most mornings.",
        raised_on=today,
    )
    case = expect(
        "open case", 201, open_case.sync_detailed(client=staff, body=NewCase(child_id=child.id, concern=concern))
    )
    assert case.child_id == child.id and case.stage == "in_school_support"
    plan = expect(
        "agree plan",
        201,
        agree_plan.sync_detailed(
            case.id,
            client=staff,
            body=NewPlan(
                needs=[AreaOfNeed(area=NeedArea.SOCIAL_EMOTIONAL_MENTAL_HEALTH, detail="Anxious at transitions.")],
                outcomes="Settles into class within ten minutes on four days out of five.",
                strategies="Meet-and-greet by TA; visual timetable; calm corner.",
                responsibilities="TA: morning meet-and-greet. Parent: consistent drop-off.",
                review_on=today + datetime.timedelta(days=42),
            ),
        ),
    )
    review = expect(
        "review plan",
        201,
        review_plan.sync_detailed(
            plan.id,
            client=staff,
            body=NewReview(
                effectiveness=Effectiveness.NOT_EFFECTIVE,
                notes="Reviewed with the family: not effective.",
                parents_met_on=today,
                reviewed_on=today,
            ),
        ),
    )
    assert review.effectiveness == Effectiveness.NOT_EFFECTIVE

    # The mother's consent to the referral and to sharing with the cluster.
    by_mother = DecidedBy(kind=DeciderKind.CARER, carer_id=carer.id)
    for purpose, agencies in (
        (Purpose.CLUSTER_REFERRAL, None),
        (Purpose.INFORMATION_SHARING, [Agency.EDUCATIONAL_PSYCHOLOGY, Agency.CAMHS]),
    ):
        body = NewConsentDecision(
            purpose=purpose, decision=RecordedDecision.GIVEN, decided_by=by_mother, method=Method.IN_PERSON
        )
        if agencies is not None:
            body.agencies = list(agencies)
        entry = expect(f"consent {purpose.value}", 201, record_consent.sync_detailed(child.id, client=staff, body=body))
        assert entry.purpose == purpose and entry.decision == Decision.GIVEN
    current = expect("current consents", 200, get_current_consents.sync_detailed(child.id, client=staff))
    assert {c.purpose for c in current.items} >= {Purpose.CLUSTER_REFERRAL, Purpose.INFORMATION_SHARING}

    # The school refers; the cluster's meeting takes it, is held, and accepts, with counselling.
    referral = expect(
        "refer to cluster",
        201,
        create_cluster_referral.sync_detailed(
            client=staff,
            body=NewClusterReferralInput(case_id=case.id, summary="In-school plan has not worked; family asks for help."),
        ),
    )
    assert referral.case_id == case.id
    meeting = expect(
        "arrange meeting",
        201,
        create_meeting.sync_detailed(
            client=cluster,
            body=NewMeeting(
                cluster_id=cluster_14.id,
                held_on=today,
                attendees=[Attendee(name="Dr Asha Patel", role="Educational Psychology")],
            ),
        ),
    )
    expect(
        "schedule referral",
        200,
        add_to_agenda.sync_detailed(meeting.id, client=cluster, body=AgendaItem(referral_id=referral.id)),
    )
    held = expect(
        "hold meeting",
        200,
        hold_meeting.sync_detailed(
            meeting.id,
            client=cluster,
            body=HoldingInput(attendees=[Attendee(name="Dr Asha Patel", role="Educational Psychology")]),
            if_match='"1"',
        ),
    )
    assert held.status == "held", held.status
    decision = expect(
        "decide referral",
        201,
        decide_cluster_referral.sync_detailed(
            referral.id,
            client=cluster,
            body=NewDecisionInput(
                meeting_id=meeting.id,
                decision=MeetingDecision.ACCEPT,
                rationale="Discussed at the meeting: accept.",
                present=["Dr Asha Patel"],
                risk=RiskInput(level="medium", factors=["Attendance below 80% this term"]),
                interventions=[
                    NewInterventionInput(
                        kind=InterventionKind.COUNSELLING,
                        starts_on=today,
                        provider=ExternalProvider(
                            kind=ExternalProviderKind.EXTERNAL, name="Northorpe Hall"
                        ),
                        planned_sessions=8,
                        funding_pence=48000,
                    )
                ],
            ),
        ),
    )
    assert decision.decision == MeetingDecision.ACCEPT and decision.referral_id == referral.id
    after = expect("case after decision", 200, get_case.sync_detailed(case.id, client=staff))
    assert after.stage == "receiving_cluster_support", after.stage


def survives_a_value_added_later() -> None:
    """A client built today reads an answer carrying a stage and an error
    code added after this contract (docs/versioning.md: answers' enums are
    open): the known values stay constants, the new one arrives as a string."""
    from cluster_support_client.models import Case, Problem

    case = Case.from_dict(
        {
            "id": "0193b2a4-0000-7000-8000-0000000000aa",
            "child_id": "0193b2a4-0000-7000-8000-0000000000ab",
            "stage": "a_stage_added_later",
            "version": 1,
            "etag": '"1"',
            "created_at": "2026-12-03T10:00:00Z",
            "updated_at": "2026-12-03T10:00:00Z",
            "review_overdue": False,
        }
    )
    assert case.stage == "a_stage_added_later", case.stage
    problem = Problem.from_dict(
        {"type": "https://cluster-support.example/problems/x", "title": "X", "status": 409, "code": "a_code_added_later"}
    )
    assert problem.code == "a_code_added_later", problem.code
    print("  a stage and an error code added later: read as strings")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--out", type=Path, default=HERE.parent.parent / "target/contract/sdk/python-run")
    args = parser.parse_args()
    with harness.serving(args.bin, args.backend, args.out) as server:
        print(f"pathway through the Python client ({args.backend}):")
        try:
            run(server)
            survives_a_value_added_later()
        except (ValueError, TypeError, KeyError) as e:
            # The generated client raises these when a response does not fit its schema.
            print(f"pathway (Python): the client could not read the answer to the step after the last above: {e!r}"[:2000])
            return 1
    print("pathway (Python): every step as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
