//! The console (`/admin`): sign-in, the shell with its navigation, and one file per page.

mod developer;
mod developers;
mod login;
mod placeholder;
mod requests;
mod shell;

pub use developer::DeveloperPage;
pub use developers::DevelopersPage;
pub use login::AdminLoginPage;
pub use placeholder::ComingPage;
pub use requests::RequestsPage;
pub use shell::ConsoleShell;
