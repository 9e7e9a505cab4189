//! The cluster's support for a case: interventions agreed at a meeting,
//! adapted as they go, reviewed for their impact; signposts while a child
//! waits; and the cluster's outcome once every intervention has ended.

mod handlers;
mod model;

pub use model::NewInterventionInput;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_interventions)
        .service(handlers::get_intervention)
        .service(handlers::adapt_intervention)
        .service(handlers::list_intervention_reviews)
        .service(handlers::review_intervention)
        .service(handlers::list_signposts)
        .service(handlers::signpost)
        .service(handlers::record_cluster_outcome);
}
