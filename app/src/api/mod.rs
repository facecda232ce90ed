//! Server functions, one file per flow. Each is thin: parse the input, find who is asking,
//! call the [`Backend`] the server provides, map the outcome to a status code.

mod account;
mod admins;
mod audit;
mod catalog;
mod developers;
mod emails;
mod invites;
mod recovery;
mod requests;
mod session;
mod settings;
mod signup;

#[cfg(feature = "ssr")]
mod backend;
#[cfg(feature = "ssr")]
mod context;

#[cfg(feature = "ssr")]
pub use backend::{
    AccountChange, Backend, NewSession, RequestInfo, SessionToken, SharedBackend, SignUpForm,
};
#[cfg(feature = "ssr")]
pub use context::SESSION_COOKIE;

pub use account::{
    change_email, change_name, change_password, delete_account, ChangeEmail, ChangeName,
    ChangePassword, DeleteAccount,
};
pub use admins::{add_admin, change_admin, list_admins, AddAdmin, ChangeAdmin, ListAdmins};
pub use audit::{audit_log, AuditLog};
pub use catalog::{catalog_visible, CatalogVisible};
pub use developers::{
    act_on_developer, get_developer, list_developers, ActOnDeveloper, GetDeveloper, ListDevelopers,
};
pub use emails::{recent_emails, RecentEmails};
pub use invites::{invite_developers, InviteDevelopers, Invited};
pub use recovery::{
    request_password_reset, reset_password, RequestPasswordReset, ResetPassword, RESET_REQUESTED,
};
pub use requests::{developer_requests, DeveloperRequests};
pub use session::{current_viewer, sign_in, sign_out, CurrentViewer, SignIn, SignOut};
pub use settings::{
    get_portal_settings, save_portal_settings, GetPortalSettings, SavePortalSettings,
};
pub use signup::{confirm_email, sign_up, ConfirmEmail, SignUp};
