//! The family's view of their child's support: the plan's outcomes and
//! strategies, the support in place and how it is going, referrals and
//! where they stand, and the consent history. Internal notes and
//! safeguarding details are left out, each with its reason.

use crate::app::family;
use crate::auth::Allowed;
use crate::clock::today;
use crate::db;
use crate::policy::ReadFamilyView;
use crate::problem::ApiError;
use crate::state::AppState;
use crate::views::family::{self as views, FamilyView};
use actix_web::{get, web};
use uuid::Uuid;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_family_view);
}

#[utoipa::path(
    tag = "children",
    operation_id = "get_family_view",
    summary = "A child's support, as their family sees it",
    description = "For a parent of the child. With parental responsibility: the plans' outcomes and strategies, the \
        support in place and how it is going, referrals and their status, the consent history. Internal notes and \
        safeguarding details are left out and listed in `redactions`; without parental responsibility, only the \
        cases and their stages. An audited read.",
    params(("id" = Uuid, Path, description = "The child's id.")),
    responses(
        (status = 200, description = "The family's view.", body = FamilyView),
        (status = 403, response = ReadFamilyView),
    ),
    security(("bearer" = []))
)]
#[get("/children/{id}/family-view")]
async fn get_family_view(
    state: web::Data<AppState>,
    caller: Allowed<ReadFamilyView>,
    id: web::Path<Uuid>,
) -> Result<web::Json<FamilyView>, ApiError> {
    let id = id.into_inner().to_string();
    let view = db::read(&state, &caller, move |uow| {
        Ok(views::family(family::view(uow, &id)?, today())?)
    })
    .await?;
    Ok(web::Json(view))
}
