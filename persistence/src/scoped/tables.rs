//! The tables, as diesel sees them: one schema for both backends.

diesel::table! {
    clusters (id) {
        id -> Text,
        local_authority_id -> Text,
        number -> Integer,
        name -> Text,
        area -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    schools (id) {
        id -> Text,
        local_authority_id -> Text,
        cluster_id -> Nullable<Text>,
        urn -> Text,
        dfe_number -> Text,
        name -> Text,
        phase -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    team_members (id) {
        id -> Text,
        local_authority_id -> Text,
        cluster_id -> Text,
        agency -> Text,
        name -> Text,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    services (id) {
        id -> Text,
        local_authority_id -> Text,
        name -> Text,
        description -> Text,
        url -> Text,
        min_age -> Nullable<Integer>,
        max_age -> Nullable<Integer>,
        areas -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (local_authority_id, subject, idempotency_key) {
        local_authority_id -> Text,
        subject -> Text,
        idempotency_key -> Text,
        request_hash -> Text,
        response_status -> Integer,
        response_body -> Text,
        response_location -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(schools -> clusters (cluster_id));
diesel::joinable!(team_members -> clusters (cluster_id));

diesel::table! {
    children (id) {
        id -> Text,
        local_authority_id -> Text,
        school_id -> Text,
        upn -> Nullable<Text>,
        nhs_number -> Nullable<Text>,
        legal_given_name -> Text,
        legal_family_name -> Text,
        preferred_name -> Nullable<Text>,
        date_of_birth -> Date,
        year_group_override -> Nullable<Integer>,
        sen_status -> Text,
        areas_of_need -> Text,
        ehcp_status -> Text,
        ehcp_requested_on -> Nullable<Date>,
        ehcp_annual_review_due -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    carers (id) {
        id -> Text,
        local_authority_id -> Text,
        name -> Text,
        relationship -> Text,
        parental_responsibility -> Bool,
        parental_responsibility_basis -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        preferred_contact -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    child_carers (child_id, carer_id) {
        child_id -> Text,
        carer_id -> Text,
        local_authority_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    consents (id) {
        id -> Text,
        local_authority_id -> Text,
        child_id -> Text,
        purpose -> Text,
        agencies -> Text,
        intervention -> Nullable<Text>,
        decision -> Text,
        decided_by -> Text,
        carer_id -> Nullable<Text>,
        young_person_basis -> Nullable<Text>,
        gillick_assessed_by -> Nullable<Text>,
        gillick_assessed_on -> Nullable<Date>,
        method -> Text,
        evidence_reference -> Nullable<Text>,
        expires_on -> Nullable<Date>,
        supersedes_id -> Nullable<Text>,
        recorded_by -> Text,
        recorded_by_role -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    reported_diagnoses (id) {
        id -> Text,
        local_authority_id -> Text,
        child_id -> Text,
        description -> Text,
        reported_by_name -> Text,
        reported_by_profession -> Text,
        reported_on -> Date,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Text,
        local_authority_id -> Text,
        actor_subject -> Text,
        actor_role -> Text,
        action -> Text,
        resource_type -> Text,
        resource_id -> Text,
        child_id -> Nullable<Text>,
        purpose -> Nullable<Text>,
        request_id -> Text,
        at -> Timestamp,
    }
}

diesel::joinable!(children -> schools (school_id));
diesel::joinable!(child_carers -> children (child_id));
diesel::joinable!(child_carers -> carers (carer_id));
diesel::joinable!(consents -> children (child_id));
diesel::joinable!(reported_diagnoses -> children (child_id));

diesel::allow_tables_to_appear_in_same_query!(
    clusters,
    schools,
    team_members,
    services,
    idempotency_keys,
    children,
    carers,
    child_carers,
    consents,
    reported_diagnoses,
    audit_events,
    cases,
    case_events,
    concerns,
    plans,
    plan_versions,
    plan_reviews,
    cluster_referrals,
    meetings,
    agenda_items,
    cluster_decisions,
    next_steps,
    interventions,
    intervention_reviews,
    signposts,
    camhs_referrals,
    half_terms,
    safeguarding_overrides,
    override_reviews,
    cluster_allocations,
    la_settings,
    la_settings_versions,
    assessments,
    assessment_versions,
    family_meetings,
    funding_proposals,
    allocation_settlements,
);

diesel::table! {
    cases (id) {
        id -> Text,
        local_authority_id -> Text,
        child_id -> Text,
        stage -> Text,
        cluster_id -> Nullable<Text>,
        outcome -> Nullable<Text>,
        outcome_summary -> Nullable<Text>,
        close_reason -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    case_events (id) {
        id -> Text,
        local_authority_id -> Text,
        case_id -> Text,
        kind -> Text,
        summary -> Text,
        resource_id -> Nullable<Text>,
        actor_subject -> Text,
        actor_role -> Text,
        at -> Timestamp,
        occurred_on -> Date,
    }
}

diesel::table! {
    concerns (id) {
        id -> Text,
        local_authority_id -> Text,
        case_id -> Text,
        raised_by -> Text,
        category -> Text,
        description -> Text,
        raised_on -> Date,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    plans (id) {
        id -> Text,
        local_authority_id -> Text,
        case_id -> Text,
        needs -> Text,
        outcomes -> Text,
        strategies -> Text,
        responsibilities -> Text,
        review_on -> Date,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    plan_versions (plan_id, version) {
        plan_id -> Text,
        version -> BigInt,
        local_authority_id -> Text,
        needs -> Text,
        outcomes -> Text,
        strategies -> Text,
        responsibilities -> Text,
        review_on -> Date,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    plan_reviews (id) {
        id -> Text,
        local_authority_id -> Text,
        plan_id -> Text,
        case_id -> Text,
        effectiveness -> Text,
        notes -> Text,
        parents_met_on -> Nullable<Date>,
        reviewed_on -> Date,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    cluster_referrals (id) {
        id -> Text,
        local_authority_id -> Text,
        case_id -> Text,
        cluster_id -> Text,
        source -> Text,
        status -> Text,
        summary -> Text,
        referrer_subject -> Text,
        referrer_role -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    meetings (id) {
        id -> Text,
        local_authority_id -> Text,
        cluster_id -> Text,
        held_on -> Date,
        attendees -> Text,
        version -> BigInt,
        status -> Text,
        apologies -> Text,
        cancellation_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    agenda_items (meeting_id, referral_id) {
        meeting_id -> Text,
        referral_id -> Text,
        local_authority_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    cluster_decisions (id) {
        id -> Text,
        local_authority_id -> Text,
        meeting_id -> Text,
        referral_id -> Text,
        case_id -> Text,
        decision -> Text,
        rationale -> Text,
        present -> Text,
        destination -> Nullable<Text>,
        recorded_by -> Text,
        created_at -> Timestamp,
        risk_level -> Nullable<Text>,
        risk_factors -> Text,
    }
}

diesel::table! {
    next_steps (id) {
        id -> Text,
        local_authority_id -> Text,
        decision_id -> Text,
        case_id -> Text,
        cluster_id -> Text,
        position -> Integer,
        action -> Text,
        owner -> Text,
        due_on -> Date,
        done_on -> Nullable<Date>,
        done_by -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    interventions (id) {
        id -> Text,
        local_authority_id -> Text,
        case_id -> Text,
        decision_id -> Nullable<Text>,
        kind -> Text,
        brokered_service -> Nullable<Text>,
        provider_kind -> Text,
        provider_school_id -> Nullable<Text>,
        provider_team_member_id -> Nullable<Text>,
        provider_service_id -> Nullable<Text>,
        provider_name -> Nullable<Text>,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        status -> Text,
        planned_sessions -> Nullable<Integer>,
        attended_sessions -> Nullable<Integer>,
        funding_pence -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    intervention_reviews (id) {
        id -> Text,
        local_authority_id -> Text,
        intervention_id -> Text,
        case_id -> Text,
        progress -> Text,
        notes -> Text,
        reviewed_on -> Date,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    signposts (id) {
        id -> Text,
        local_authority_id -> Text,
        case_id -> Text,
        service_id -> Text,
        note -> Nullable<Text>,
        signposted_on -> Date,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    camhs_referrals (id) {
        id -> Text,
        local_authority_id -> Text,
        case_id -> Text,
        status -> Text,
        urgency -> Text,
        summary -> Text,
        compiled -> Text,
        decline_reason -> Nullable<Text>,
        referrer_subject -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    half_terms (local_authority_id, academic_year, position) {
        local_authority_id -> Text,
        academic_year -> Integer,
        position -> Integer,
        name -> Text,
        starts_on -> Date,
        ends_on -> Date,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    safeguarding_overrides (id) {
        id -> Text,
        local_authority_id -> Text,
        case_id -> Text,
        child_id -> Text,
        article_6_basis -> Text,
        article_9_condition -> Text,
        shared -> Text,
        recipients -> Text,
        no_consent_reason -> Text,
        rationale -> Text,
        recorded_by -> Text,
        recorded_by_role -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    override_reviews (id) {
        id -> Text,
        local_authority_id -> Text,
        override_id -> Text,
        outcome -> Text,
        note -> Nullable<Text>,
        reviewed_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    change_events (local_authority_id, seq) {
        local_authority_id -> Text,
        seq -> BigInt,
        resource_type -> Text,
        resource_id -> Text,
        change -> Text,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    feed_counters (local_authority_id) {
        local_authority_id -> Text,
        last_seq -> BigInt,
    }
}

diesel::table! {
    cluster_allocations (id) {
        id -> Text,
        local_authority_id -> Text,
        cluster_id -> Text,
        financial_year -> Integer,
        amount_pence -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    funding_proposals (id) {
        id -> Text,
        local_authority_id -> Text,
        financial_year -> Integer,
        census_date -> Date,
        formula -> Text,
        clusters -> Text,
        total_pence -> BigInt,
        proposed_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    allocation_settlements (id) {
        id -> Text,
        local_authority_id -> Text,
        allocation_id -> Text,
        version -> BigInt,
        amount_pence -> BigInt,
        settled -> Text,
        proposal_id -> Nullable<Text>,
        proposed_pence -> Nullable<BigInt>,
        reason -> Nullable<Text>,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    la_settings (local_authority_id) {
        local_authority_id -> Text,
        document -> Text,
        version -> BigInt,
        updated_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    la_settings_versions (local_authority_id, version) {
        local_authority_id -> Text,
        version -> BigInt,
        document -> Text,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    assessments (id) {
        id -> Text,
        local_authority_id -> Text,
        case_id -> Text,
        tool_name -> Text,
        assessed_by -> Text,
        assessed_by_role -> Text,
        participants -> Text,
        agencies -> Text,
        other_agencies -> Text,
        areas -> Text,
        family_view -> Text,
        review_on -> Date,
        settings_version -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    assessment_versions (assessment_id, version) {
        assessment_id -> Text,
        version -> BigInt,
        local_authority_id -> Text,
        participants -> Text,
        agencies -> Text,
        other_agencies -> Text,
        areas -> Text,
        family_view -> Text,
        review_on -> Date,
        settings_version -> BigInt,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    family_meetings (id) {
        id -> Text,
        local_authority_id -> Text,
        case_id -> Text,
        kind -> Text,
        held_on -> Date,
        attendees -> Text,
        discussed -> Text,
        agreed -> Text,
        plan_id -> Nullable<Text>,
        recorded_by -> Text,
        recorded_by_role -> Text,
        parent_view -> Nullable<Text>,
        parent_view_by -> Nullable<Text>,
        parent_view_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}
