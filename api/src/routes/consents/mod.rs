//! The consent ledger: decisions are appended, never edited; a withdrawal
//! is a new entry. What is in force for each purpose is derived by the
//! domain from the whole ledger.

mod checks;
mod handlers;
mod input;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_child_consents)
        .service(handlers::record_consent)
        .service(handlers::get_consent)
        .service(handlers::get_current_consents)
        .service(handlers::withdraw_consent);
}
