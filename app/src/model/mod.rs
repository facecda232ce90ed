//! Typed models shared by the browser and the server: values that parse, never raw strings.

mod developer;
mod email;
mod full_name;
mod password;
mod viewer;

pub use developer::{DeveloperRequest, DeveloperStatus};
pub use email::Email;
pub use full_name::FullName;
pub use password::Password;
pub use viewer::{AdminRole, ConsoleReader, Realm, Viewer};

/// Why a value was refused: a message for people, shown next to the field it concerns.
pub type ParseError = String;
