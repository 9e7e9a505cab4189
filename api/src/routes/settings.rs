//! The LA's settings: one versioned document per local authority, read by
//! every role of the LA and set by its officer, every version kept.

use crate::app::settings;
use crate::auth::Allowed;
use crate::db;
use crate::extract::{IfMatch, Json};
use crate::pagination;
use crate::policy::{ReadLaSettings, UpdateLaSettings};
use crate::problem::{ApiError, ErrorCode};
use crate::respond;
use crate::routes::PageQuery;
use crate::state::AppState;
use crate::views::funding_settings::FundingSettings;
use crate::views::settings::{
    AssessmentSettings, LaSettings, LaSettingsPage, ReportSettings, Retention, RiskScale,
    settings_of,
};
use actix_web::{HttpResponse, get, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_la_settings)
        .service(set_la_settings)
        .service(list_la_settings_versions);
}

/// The whole settings document, as it is to be from now on. A field added
/// to the settings later is optional here: a document without it keeps
/// the value it has.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "assessment": {"required_before_school_referral": true, "tool_name": "Early Help Assessment",
        "areas": ["Child's developmental needs", "Parenting capacity", "Family and environmental factors"]},
    "risk_scale": {"levels": ["low", "medium", "high"]},
    "reports": {"disclosure_threshold": 5},
    "retention": {"sen": {"years_after_date_of_birth": 31}, "child_protection": {"years_after_date_of_birth": 25}}
}))]
pub struct NewLaSettings {
    pub assessment: AssessmentSettings,
    pub risk_scale: RiskScale,
    pub reports: ReportSettings,
    pub retention: Retention,
    /// The funding formulas and the equity band. Optional: a document
    /// without it keeps the funding settings there are.
    #[serde(default)]
    pub funding: Option<FundingSettings>,
}

#[utoipa::path(
    tag = "settings",
    operation_id = "get_la_settings",
    summary = "The LA's settings",
    description = "What varies by council, in one document: whether a holistic assessment is required before a \
        school's cluster referral, the assessment tool's name and areas, the risk scale, the reports' disclosure \
        threshold, the retention schedule, and the funding formula per financial year with the equity band. An LA that has not set its own reads the defaults, at version 0 \
        (an Early Help Assessment, not required; low, medium, high; 5; SEN 31 and child protection 25 years \
        after date of birth). Every role of the LA may read them; they name no child, so the read is not \
        audited. The `ETag` is what a change's `If-Match` needs.",
    responses(
        (status = 200, description = "The settings now.", body = LaSettings,
            headers(("ETag" = String, description = "The settings' version (\"0\" for the defaults)."))),
        (status = 403, response = ReadLaSettings),
    ),
    security(("bearer" = []))
)]
#[get("/la-settings")]
async fn get_la_settings(
    state: web::Data<AppState>,
    caller: Allowed<ReadLaSettings>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.0.clone();
    let shown = db::read(&state, &caller, move |uow| {
        Ok(LaSettings::from(settings::get(uow, &actor)?))
    })
    .await?;
    let version = shown.version;
    Ok(respond::ok(&shown, version))
}

#[utoipa::path(
    tag = "settings",
    operation_id = "set_la_settings",
    summary = "Change the LA's settings",
    description = "Replaces the settings with the document sent, as a new version; every version is kept \
        (`list_la_settings_versions`). The LA officer only. `If-Match` names the version read (`\"0\"` for the \
        defaults, or `*`): 428 without it, 412 `version_conflict` when another change came first. 422 lists \
        every fault: the tool's name and each area or risk level must be one line and not blank, areas and \
        levels from 1 to 20 with no two the same, the disclosure threshold at least 1, retention from 1 to 100 \
        years; a funding formula's year from 2000 to 2100 and no two formulas for one year, each level one the \
        service counts (`unknown_level`) and priced once (`duplicate`), every amount from 0 to 10,000,000,000 \
        pence, the equity band from 0 to 100 percent. Without `funding` the funding settings are kept as they are. Sending what is set already keeps no new version. Names are kept without the spaces around \
        them. A refused change keeps nothing.",
    params(("If-Match" = String, Header, description = "The ETag of the version you read (\"0\" for the defaults).")),
    request_body = NewLaSettings,
    responses(
        (status = 200, description = "The settings as now set.", body = LaSettings,
            headers(("ETag" = String, description = "The settings' new version."))),
        (status = 403, response = UpdateLaSettings),
    ),
    security(("bearer" = []))
)]
#[put("/la-settings")]
async fn set_la_settings(
    state: web::Data<AppState>,
    caller: Allowed<UpdateLaSettings>,
    if_match: IfMatch,
    body: Json<NewLaSettings>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.0.clone();
    let b = body.into_inner();
    let keep = b.funding.is_none();
    let funding = b
        .funding
        .unwrap_or_else(|| domain::funding::formula::FundingSettings::default().into());
    let wanted = settings_of(b.assessment, b.risk_scale, b.reports, b.retention, funding);
    let shown = db::write(&state, &caller, move |uow| {
        Ok(LaSettings::from(settings::set(
            uow,
            &actor,
            if_match.into(),
            wanted,
            keep,
        )?))
    })
    .await?;
    let version = shown.version;
    Ok(respond::ok(&shown, version))
}

#[utoipa::path(
    tag = "settings",
    operation_id = "list_la_settings_versions",
    summary = "Every version of the LA's settings",
    description = "Each version the LA has set, newest first, with who set it and when: a change never \
        overwrites what the LA worked to before. The defaults (version 0) are not listed. Same readers as the \
        settings; not audited.",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of the versions, newest first.", body = LaSettingsPage),
        (status = 403, response = ReadLaSettings),
    ),
    security(("bearer" = []))
)]
#[get("/la-settings/versions")]
async fn list_la_settings_versions(
    state: web::Data<AppState>,
    caller: Allowed<ReadLaSettings>,
    query: web::Query<PageQuery>,
) -> Result<web::Json<LaSettingsPage>, ApiError> {
    let limit = pagination::limit(query.limit)?;
    let before = match pagination::decode(query.cursor.as_deref())? {
        None => None,
        Some(key) => Some(key.parse::<i64>().map_err(|_| {
            ApiError::new(
                ErrorCode::InvalidParameter,
                "`cursor` is not one this API issued.",
            )
        })?),
    };
    let actor = caller.0.clone();
    let page = db::read(&state, &caller, move |uow| {
        settings::history(uow, &actor, before, limit)
    })
    .await?;
    let next_cursor =
        pagination::next_cursor(&page.items, page.has_more, |v| v.version.to_string());
    Ok(web::Json(LaSettingsPage {
        items: page.items.into_iter().map(LaSettings::from).collect(),
        next_cursor,
    }))
}
