//! Support and Guidance meetings: a cluster's meetings, their agendas of
//! referrals, and the decisions they make.

mod decision;
mod handlers;
mod input;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_meetings)
        .service(handlers::create_meeting)
        .service(handlers::get_meeting)
        .service(handlers::get_agenda)
        .service(handlers::add_to_agenda)
        .service(decision::decide_cluster_referral);
}
