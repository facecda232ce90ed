//! Server functions, one file per flow. Each is thin: parse the input, find who is asking,
//! call the [`Backend`] the server provides, map the outcome to a status code.

mod account;
mod admins;
mod applications;
mod audit;
mod catalog;
mod credentials;
mod developers;
mod emails;
mod invites;
mod plans;
mod recovery;
mod registrations;
mod requests;
mod services;
mod session;
mod settings;
mod signup;
mod tokens;
mod webhooks;

#[cfg(feature = "rules")]
mod backend;
#[cfg(feature = "ssr")]
mod context;
#[cfg(feature = "ssr")]
mod registry;

#[cfg(feature = "rules")]
pub use backend::{
    AccountChange, Admins, ApiTokens, Applications, Backend, Credentials, DeveloperLifecycle,
    NewSession, OneTimeLinks, Oversight, OwnAccount, Plans, Registrations, RequestInfo, Services,
    SessionToken, Sessions, SharedBackend, SignUpForm, SignUps, Webhooks,
};
#[cfg(feature = "ssr")]
pub use context::SESSION_COOKIE;
#[cfg(feature = "ssr")]
pub use registry::{register_server_functions, server_function_paths};

pub use account::{
    change_email, change_name, change_password, confirm_email_change, delete_account, ChangeEmail,
    ChangeName, ChangePassword, ConfirmEmailChange, DeleteAccount,
};
pub use admins::{add_admin, change_admin, list_admins, AddAdmin, ChangeAdmin, ListAdmins};
pub use applications::{
    create_application, delete_application, get_application, my_applications, register_application,
    update_application, CreateApplication, DeleteApplication, GetApplication, MyApplications,
    RegisterApplication, UpdateApplication,
};
pub use audit::{audit_log, AuditLog};
pub use catalog::{catalog_visible, CatalogVisible};
pub use credentials::{
    delete_credential, edit_credential, generate_credential, roll_credential, take_new_credential,
    DeleteCredential, EditCredential, GenerateCredential, RollCredential, TakeNewCredential,
};
pub use developers::{
    act_on_developer, get_developer, list_developers, ActOnDeveloper, GetDeveloper, ListDevelopers,
};
pub use emails::{recent_emails, RecentEmails};
#[cfg(feature = "ssr")]
pub use invites::parse_invitees;
pub use invites::{invite_developers, InviteDevelopers, Invited};
pub use plans::{
    delete_plan, list_plans, save_plan, set_registration_plan, DeletePlan, ListPlans, SavePlan,
    SetRegistrationPlan,
};
pub use recovery::{
    request_password_reset, reset_password, RequestPasswordReset, ResetPassword, RESET_REQUESTED,
};
pub use registrations::{
    act_on_registration, list_applications, registration_requests, set_application_groups,
    ActOnRegistration, ListApplications, RegistrationRequests, SetApplicationGroups, DEFAULT_PLAN,
};
pub use requests::{developer_requests, DeveloperRequests};
pub use services::{
    catalog, get_service, get_service_form, list_services, publish_service, save_service, Catalog,
    GetService, GetServiceForm, ListServices, PublishService, SaveService,
};
pub use session::{current_viewer, sign_in, sign_out, CurrentViewer, SignIn, SignOut};
pub use settings::{
    get_portal_settings, save_portal_settings, GetPortalSettings, SavePortalSettings,
};
pub use signup::{
    confirm_email, resend_confirmation, sign_up, ConfirmEmail, ResendConfirmation, SignUp,
};
pub use tokens::{
    create_api_token, list_api_tokens, revoke_api_token, CreateApiToken, ListApiTokens,
    RevokeApiToken,
};
pub use webhooks::{
    create_webhook, delete_webhook, list_webhooks, redeliver_webhook, send_test_webhook,
    CreateWebhook, DeleteWebhook, ListWebhooks, RedeliverWebhook, SendTestWebhook,
};
