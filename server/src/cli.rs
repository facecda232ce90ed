//! The `gatehouse` command line: `serve` (default), `migrate`, `admin create`, `token create`,
//! `backup`, `restore`, `import kong`.

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "gatehouse",
    version,
    about = "Gatehouse, a self-hosted developer portal"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Start the portal (the default).
    Serve,
    /// Create or update the database schema, then exit.
    Migrate,
    /// Manage console accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Write a consistent copy of the live database to a new file (SQLite: `VACUUM INTO`;
    /// PostgreSQL: `pg_dump --format=custom`).
    Backup {
        /// The file to write; it must not exist.
        file: std::path::PathBuf,
    },
    /// Replace the database with a backup. Stop every Gatehouse instance first.
    Restore { file: std::path::PathBuf },
    /// Manage admin API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Bring in developers and credentials from another portal.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Kong consumers and their credentials, with their secrets, from a decK dump (`deck
    /// gateway dump`, YAML or JSON). Prints what it imported and what it skipped; running it
    /// again changes nothing.
    Kong {
        file: std::path::PathBuf,
        /// The admin the import acts as (default: the first owner).
        #[arg(long)]
        email: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create an API token acting for an admin; prints only its secret on standard output
    /// (shown this once), e.g. `TOKEN=$(gatehouse token create --name ci --scope read
    /// --email owner@example.com)`.
    Create {
        /// The token's name, as the audit log shows it.
        #[arg(long)]
        name: String,
        /// What the token may do; repeat for several. Every scope may read.
        #[arg(long = "scope", value_enum, required = true)]
        scopes: Vec<ScopeArg>,
        /// The admin the token acts for (an owner or admin).
        #[arg(long)]
        email: String,
        /// Days until the token expires (default: never).
        #[arg(long)]
        expires_in_days: Option<u32>,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ScopeArg {
    Read,
    Developers,
    Applications,
    Settings,
}

impl From<ScopeArg> for app::model::TokenScope {
    fn from(scope: ScopeArg) -> Self {
        match scope {
            ScopeArg::Read => Self::Read,
            ScopeArg::Developers => Self::Developers,
            ScopeArg::Applications => Self::Applications,
            ScopeArg::Settings => Self::Settings,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Create an admin account; the password is read from standard input.
    Create {
        #[arg(long)]
        email: String,
        /// Read the password from the first line of standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
        #[arg(long, value_enum, default_value_t = RoleArg::Admin)]
        role: RoleArg,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RoleArg {
    Owner,
    Admin,
    Viewer,
}

impl From<RoleArg> for app::model::AdminRole {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Owner => Self::Owner,
            RoleArg::Admin => Self::Admin,
            RoleArg::Viewer => Self::Viewer,
        }
    }
}
