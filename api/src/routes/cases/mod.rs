//! A child's support case: opened by a concern, moved along the pathway,
//! closed and reopened, with its whole story on the timeline.

mod handlers;
pub mod input;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_cases)
        .service(handlers::open_case)
        .service(handlers::get_case)
        .service(handlers::list_concerns)
        .service(handlers::add_concern)
        .service(handlers::close_case)
        .service(handlers::reopen_case)
        .service(handlers::get_timeline);
}
