// The demo pathway through the TypeScript client generated from
// openapi.yaml (openapi-typescript types, openapi-fetch calls), as an
// integrator would write it: a child and a carer, a concern, a plan and its
// review, the family's consents, the school's referral, the cluster's
// meeting and its decision. Each step's status and result are asserted.
// Type-checked with `tsc --strict`; run by sdk.py, which starts the server
// and passes its address and tokens in the environment.

import createClient from "openapi-fetch";
import type { components, paths } from "./api.js";

type Schemas = components["schemas"];

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(`${name} is not set`);
  }
  return value;
}

const baseUrl = env("CONTRACT_URL");
const client = (token: string) =>
  createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
const staff = client(env("CONTRACT_TOKEN_SCHOOL_STAFF"));
const cluster = client(env("CONTRACT_TOKEN_CLUSTER_PRACTITIONER"));
const clusterId = env("CONTRACT_CLUSTER_ID");
const schoolUrn = env("CONTRACT_SCHOOL_URN");

/** The body of a response with this status, or the run stops. */
function expect<T>(
  step: string,
  status: number,
  result: { data?: T; error?: unknown; response: Response },
): T {
  if (result.response.status !== status || result.data === undefined) {
    throw new Error(
      `${step}: expected ${status}, got ${result.response.status}: ${JSON.stringify(result.error)}`,
    );
  }
  console.log(`  ${step}: ${result.response.status}`);
  return result.data;
}

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(`not as expected: ${what}`);
  }
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * A client built today accepts an answer carrying a stage and an error code
 * added after this contract (docs/versioning.md: answers' enums are open):
 * checked by the compiler (`tsc --strict` refuses these if the enums were
 * closed) and at run time.
 */
function survivesAValueAddedLater(): void {
  const stage: Schemas["Case"]["stage"] = "a_stage_added_later";
  const known: Schemas["Case"]["stage"] = "in_school_support";
  const code: Schemas["Problem"]["code"] = "a_code_added_later";
  check(stage === "a_stage_added_later" && known === "in_school_support" && code === "a_code_added_later",
    "a stage and an error code added later");
  console.log("  a stage and an error code added later: accepted as strings");
}

async function main(): Promise<void> {
  survivesAValueAddedLater();
  console.log("pathway through the TypeScript client:");
  const now = new Date();
  const today = isoDate(now);
  const inSixWeeks = isoDate(new Date(now.getTime() + 42 * 86_400_000));

  const school = expect(
    "school by URN",
    200,
    await staff.GET("/v1/schools/by-urn/{urn}", { params: { path: { urn: schoolUrn } } }),
  );

  // The child and a carer with parental responsibility.
  const newChild: Schemas["NewChild"] = {
    school_id: school.id,
    legal_given_name: "Idris",
    legal_family_name: "Begum",
    date_of_birth: `${now.getUTCFullYear() - 8}-04-01`,
    upn: "E382210125008",
  };
  const child = expect("create child", 201, await staff.POST("/v1/children", { body: newChild }));
  check(child.legal_given_name === "Idris" && child.school_id === school.id, "the child as created");
  const carer = expect(
    "add carer",
    201,
    await staff.POST("/v1/children/{id}/carers", {
      params: { path: { id: child.id } },
      body: {
        name: "Ruksana Begum",
        relationship: "mother",
        parental_responsibility: true,
        parental_responsibility_basis: "birth_mother",
        preferred_contact: "phone",
        phone: "07700 900222",
      },
    }),
  );

  // A concern opens the case; the school's plan, reviewed as not effective.
  const concern: Schemas["NewConcern"] = {
    raised_by: "school_staff",
    category: "emotional",
    description: "Tearful at drop-off most mornings.",
    raised_on: today,
  };
  const opened = expect(
    "open case",
    201,
    await staff.POST("/v1/cases", { body: { child_id: child.id, concern } }),
  );
  check(opened.child_id === child.id && opened.stage === "in_school_support", "a new case in school");
  const plan = expect(
    "agree plan",
    201,
    await staff.POST("/v1/cases/{id}/plans", {
      params: { path: { id: opened.id } },
      body: {
        needs: [{ area: "social_emotional_mental_health", detail: "Anxious at transitions." }],
        outcomes: "Settles into class within ten minutes on four days out of five.",
        strategies: "Meet-and-greet by TA; visual timetable; calm corner.",
        responsibilities: "TA: morning meet-and-greet. Parent: consistent drop-off.",
        review_on: inSixWeeks,
      },
    }),
  );
  const review = expect(
    "review plan",
    201,
    await staff.POST("/v1/plans/{id}/reviews", {
      params: { path: { id: plan.id } },
      body: {
        effectiveness: "not_effective",
        notes: "Reviewed with the family: not effective.",
        parents_met_on: today,
        reviewed_on: today,
      },
    }),
  );
  check(review.effectiveness === "not_effective", "the review as recorded");

  // The mother's consent to the referral and to sharing with the cluster.
  const byMother: Schemas["DecidedBy"] = { kind: "carer", carer_id: carer.id };
  const decisions: Schemas["NewConsentDecision"][] = [
    { purpose: "cluster_referral", decision: "given", decided_by: byMother, method: "in_person" },
    {
      purpose: "information_sharing",
      decision: "given",
      decided_by: byMother,
      method: "in_person",
      agencies: ["educational_psychology", "camhs"],
    },
  ];
  for (const body of decisions) {
    const entry = expect(
      `consent ${body.purpose}`,
      201,
      await staff.POST("/v1/children/{id}/consents", { params: { path: { id: child.id } }, body }),
    );
    check(entry.purpose === body.purpose && entry.decision === "given", "the consent as recorded");
  }

  // The school refers; the cluster's meeting takes it, is held, and accepts, with counselling.
  const referral = expect(
    "refer to cluster",
    201,
    await staff.POST("/v1/cluster-referrals", {
      body: { case_id: opened.id, summary: "In-school plan has not worked; family asks for help." },
    }),
  );
  const meeting = expect(
    "arrange meeting",
    201,
    await cluster.POST("/v1/meetings", {
      body: {
        cluster_id: clusterId,
        held_on: today,
        attendees: [{ name: "Dr Asha Patel", role: "Educational Psychology" }],
      },
    }),
  );
  expect(
    "schedule referral",
    200,
    await cluster.POST("/v1/meetings/{id}/agenda", {
      params: { path: { id: meeting.id } },
      body: { referral_id: referral.id },
    }),
  );
  const held = expect(
    "hold meeting",
    200,
    await cluster.POST("/v1/meetings/{id}/holding", {
      params: { path: { id: meeting.id }, header: { "If-Match": '"1"' } },
      body: { attendees: [{ name: "Dr Asha Patel", role: "Educational Psychology" }] },
    }),
  );
  check(held.status === "held", "the meeting as held");
  const decision = expect(
    "decide referral",
    201,
    await cluster.POST("/v1/cluster-referrals/{id}/decision", {
      params: { path: { id: referral.id } },
      body: {
        meeting_id: meeting.id,
        decision: "accept",
        rationale: "Discussed at the meeting: accept.",
        present: ["Dr Asha Patel"],
        risk: { level: "medium", factors: ["Attendance below 80% this term"] },
        interventions: [
          {
            kind: "counselling",
            starts_on: today,
            provider: { kind: "external", name: "Northorpe Hall" },
            planned_sessions: 8,
            funding_pence: 48000,
          },
        ],
      },
    }),
  );
  check(decision.decision === "accept" && decision.referral_id === referral.id, "the decision as recorded");
  const after = expect(
    "case after decision",
    200,
    await staff.GET("/v1/cases/{id}", { params: { path: { id: opened.id } } }),
  );
  check(after.stage === "receiving_cluster_support", `stage ${after.stage}`);
  console.log("pathway (TypeScript): every step as expected");
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
