//! The console (`/admin`): sign-in, the shell with its navigation, and one file per page.

mod admins;
mod applications;
mod audit;
mod developer;
mod developers;
mod emails;
mod invite;
mod login;
mod plans;
mod requests;
mod services;
mod settings;
mod shell;
mod tokens;
mod webhooks;

pub use admins::AdminsPage;
pub use applications::ApplicationsPage;
pub use audit::AuditPage;
pub use developer::DeveloperPage;
pub use developers::DevelopersPage;
pub use emails::EmailsPage;
pub use login::AdminLoginPage;
pub use plans::PlansPage;
pub use requests::RequestsPage;
pub use services::ServicesPage;
pub use settings::SettingsPage;
pub use shell::ConsoleShell;
pub use tokens::TokensPage;
pub use webhooks::WebhooksPage;
