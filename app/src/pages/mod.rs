//! One file per route; the console's pages live in `admin/`.

mod account;
pub mod admin;
mod application;
mod apps;
mod confirm_again;
mod confirm_email_change;
mod home;
mod login;
mod not_found;
mod recovery;
mod service;
mod signup;
mod verify_email;

pub use account::AccountPage;
pub use application::ApplicationPage;
pub use apps::AppsPage;
pub use confirm_again::ConfirmAgainPage;
pub use confirm_email_change::ConfirmEmailChangePage;
pub use home::HomePage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use recovery::{ForgotPasswordPage, ResetPasswordPage};
pub use service::ServiceDocPage;
pub use signup::SignUpPage;
pub use verify_email::VerifyEmailPage;
