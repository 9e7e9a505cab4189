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

diesel::allow_tables_to_appear_in_same_query!(
    clusters,
    schools,
    team_members,
    services,
    idempotency_keys
);
