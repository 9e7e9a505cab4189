//! Children: their record, kept by their school or synced from the MIS;
//! their needs, seen only by their school and their family.

mod handlers;
mod input;
mod sync;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_children)
        .service(handlers::create_child)
        .service(sync::upsert_child_by_upn)
        .service(sync::sync_children)
        // `/children/batch` takes only POST; without this every other
        // method there would reach `/children/{id}` with `batch` as the id.
        .route(
            "/children/batch",
            actix_web::web::route().to(crate::fallback::fallback),
        )
        .service(handlers::get_child)
        .service(handlers::update_child);
}
