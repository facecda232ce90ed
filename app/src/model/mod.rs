//! Typed models shared by the browser and the server: values that parse, never raw strings.

mod admin;
mod developer;
mod email;
mod full_name;
mod lifecycle;
mod password;
mod settings;
mod viewer;

pub use admin::AdminRow;
pub use developer::{
    AuditFilter, AuditPage, AuditRecord, DeveloperDetails, DeveloperPage, DeveloperQuery,
    DeveloperRequest, DeveloperRow, DeveloperSort, DeveloperStatus, EmailRecord, SignedUp,
    StatusCounts,
};
pub use email::Email;
pub use full_name::FullName;
pub use lifecycle::{transition, DeveloperAction};
pub use password::Password;
pub use settings::PortalSettings;
pub use viewer::{AccountHolder, AdminRole, ConsoleReader, ConsoleWriter, Owner, Realm, Viewer};

/// Why a value was refused: a message for people, shown next to the field it concerns.
pub type ParseError = String;
