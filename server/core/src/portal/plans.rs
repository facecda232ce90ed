//! Plans: admins define each service's plans and its default and give registrations a plan;
//! every change is audited and reaches the gateways through the gateway version.

use app::api::{Plans, RequestInfo};
use app::error::AppError;
use app::model::{ConsoleReader, ConsoleWriter, PlanForm, ServicePlans};

use super::{by_admin, internal, Portal};
use crate::events::Event;
use crate::store::StoreError;

fn plan_gone() -> AppError {
    AppError::NotFound("This plan no longer exists. Reload the page.".into())
}

#[async_trait::async_trait]
impl Plans for Portal {
    async fn service_plans(
        &self,
        _reader: &ConsoleReader,
        usage: bool,
    ) -> Result<Vec<ServicePlans>, AppError> {
        self.store.service_plans(usage).await.map_err(internal)
    }

    async fn save_plan(
        &self,
        writer: &ConsoleWriter,
        form: PlanForm,
        request: &RequestInfo,
    ) -> Result<String, AppError> {
        let plan = form.parse()?;
        let (id, service_id) = if form.id.is_empty() {
            (None, form.service_id.clone())
        } else {
            let (service_id, _) = self
                .store
                .plan_owner(&form.id)
                .await
                .map_err(internal)?
                .ok_or_else(plan_gone)?;
            (Some(form.id.as_str()), service_id)
        };
        let event = if id.is_some() {
            Event::PlanUpdated
        } else {
            Event::PlanCreated
        };
        let audit = by_admin(writer, event, ("plan", id.unwrap_or("")), request);
        match self.store.save_plan(id, &service_id, &plan, audit).await {
            Ok(Some(id)) => Ok(id),
            Ok(None) if id.is_some() => Err(plan_gone()),
            Ok(None) => Err(AppError::field(
                "service_id",
                "No service with this id. It may have been removed.",
            )),
            Err(StoreError::AlreadyExists) => Err(AppError::field(
                "name",
                "This service has a plan with this name already.",
            )),
            Err(error) => Err(internal(error)),
        }
    }

    async fn delete_plan(
        &self,
        writer: &ConsoleWriter,
        plan_id: &str,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let (_, name) = self
            .store
            .plan_owner(plan_id)
            .await
            .map_err(internal)?
            .ok_or_else(plan_gone)?;
        let mut audit = by_admin(writer, Event::PlanDeleted, ("plan", plan_id), request);
        audit.target_label = &name;
        match self.store.delete_plan(plan_id, audit).await {
            Ok(true) => Ok(()),
            Ok(false) => Err(plan_gone()),
            Err(error) => Err(internal(error)),
        }
    }

    async fn set_registration_plan(
        &self,
        writer: &ConsoleWriter,
        registration_id: &str,
        plan_id: Option<&str>,
        request: &RequestInfo,
    ) -> Result<(), AppError> {
        let plan_name = match plan_id {
            Some(id) => Some(
                self.store
                    .plan_owner(id)
                    .await
                    .map_err(internal)?
                    .ok_or_else(plan_gone)?
                    .1,
            ),
            None => None,
        };
        let event = Event::RegistrationPlanChanged {
            plan: plan_name.clone(),
        };
        let label = plan_name.unwrap_or_else(|| "the default plan".into());
        let mut audit = by_admin(writer, event, ("registration", registration_id), request);
        audit.target_label = &label;
        match self
            .store
            .set_registration_plan(registration_id, plan_id, audit)
            .await
        {
            Ok(true) => Ok(()),
            Ok(false) => Err(AppError::field(
                "plan_id",
                "This registration is gone, or the plan is not one of its service's. Reload the page.",
            )),
            Err(error) => Err(internal(error)),
        }
    }
}
