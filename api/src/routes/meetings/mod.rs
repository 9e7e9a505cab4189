//! Support and Guidance meetings: a cluster's meetings, held or
//! cancelled, their agendas of referrals, the decisions they make and the
//! next steps those agree.

mod decision;
mod handlers;
mod input;
mod next_steps;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_meetings)
        .service(handlers::create_meeting)
        .service(handlers::get_meeting)
        .service(handlers::get_agenda)
        .service(handlers::add_to_agenda)
        .service(handlers::hold_meeting)
        .service(handlers::cancel_meeting)
        .service(decision::decide_cluster_referral)
        .service(decision::get_cluster_referral_decision)
        .service(next_steps::list_overdue_next_steps)
        .service(next_steps::get_next_step)
        .service(next_steps::complete_next_step);
}
