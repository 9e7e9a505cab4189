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
);
