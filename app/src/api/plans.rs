//! Plans: everyone in the console reads each service's plans; admins and owners add, change
//! and delete them and give registrations a plan.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{PlanForm, ServicePlans};

/// Every service's plans; with `usage` not `false`, also each service's requests per day
/// (the Plans page's chart). The plan lists of other pages ask for `usage=false`.
#[server(endpoint = "list_plans")]
pub async fn list_plans(usage: Option<bool>) -> Result<Vec<ServicePlans>, AppError> {
    use super::context::*;
    respond(
        async {
            let (backend, reader) = console_reader().await?;
            backend.service_plans(&reader, usage != Some(false)).await
        }
        .await,
    )
}

/// Adds a plan (no id) or saves one; the answer is the message the page shows.
#[server(endpoint = "save_plan")]
pub async fn save_plan(plan: PlanForm) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            plan.parse()?;
            let adding = plan.id.is_empty();
            let name = plan.name.trim().to_string();
            let (backend, writer, request) = console_writer().await?;
            backend.save_plan(&writer, plan, &request).await?;
            Ok(if adding {
                format!("Plan {name} added")
            } else {
                format!("Plan {name} saved: gateways apply it within a second")
            })
        }
        .await,
    )
}

#[server(endpoint = "delete_plan")]
pub async fn delete_plan(plan_id: String) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let (backend, writer, request) = console_writer().await?;
            backend.delete_plan(&writer, &plan_id, &request).await?;
            Ok("Plan deleted: its registrations follow the service's default plan".to_string())
        }
        .await,
    )
}

/// Gives a registration a plan; an empty `plan_id` is the service's default.
#[server(endpoint = "set_registration_plan")]
pub async fn set_registration_plan(
    registration_id: String,
    plan_id: String,
) -> Result<String, AppError> {
    use super::context::*;
    respond_shown(
        async {
            let (backend, writer, request) = console_writer().await?;
            let plan = Some(plan_id.as_str()).filter(|id| !id.is_empty());
            backend
                .set_registration_plan(&writer, &registration_id, plan, &request)
                .await?;
            Ok("Plan changed: gateways apply it within a second".to_string())
        }
        .await,
    )
}
