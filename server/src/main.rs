//! `gatehouse`: settings → telemetry → command.

use std::io::BufRead;

use anyhow::Context;
use clap::Parser;
use gatehouse_core::portal::Portal;
use gatehouse_core::store::Store;
use server::{
    backup, bootstrap,
    cli::{AdminCommand, Cli, Command, ImportCommand, TokenCommand},
    config::Settings,
    kong_import,
    platform::NativePlatform,
    startup::{self, Application},
    telemetry,
};

#[tokio::main]
async fn main() {
    if let Err(error) = run().await {
        eprintln!("gatehouse: {error:#}");
        std::process::exit(1);
    }
}

async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let settings = Settings::from_env().context("invalid setting")?;
    let command = cli.command.unwrap_or(Command::Serve);
    telemetry::init(!matches!(command, Command::Serve));
    match command {
        Command::Serve => {
            let app = Application::build(&settings).await?;
            let addr = app.local_addr();
            println!("Gatehouse is running at http://{addr}  (console: http://{addr}/admin/login)");
            app.run_until_stopped().await
        }
        Command::Migrate => {
            let platform = NativePlatform::shared(settings.password_hashes_at_once);
            let store = Store::connect(settings.database_url.expose(), platform).await?;
            store.migrate().await?;
            println!("Database {} is up to date.", settings.database_url);
            Ok(())
        }
        Command::Admin {
            command:
                AdminCommand::Create {
                    email,
                    password_stdin: _,
                    role,
                },
        } => {
            let mut password = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut password)
                .context("reading the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']);
            let platform = NativePlatform::shared(settings.password_hashes_at_once);
            let store = Store::connect(settings.database_url.expose(), platform).await?;
            store.migrate().await?;
            bootstrap::create_admin(&store, &email, password, role.into()).await
        }
        Command::Backup { file } => {
            let platform = NativePlatform::shared(settings.password_hashes_at_once);
            let store = Store::connect(settings.database_url.expose(), platform).await?;
            backup::backup(&store, &settings.database_url, &file).await?;
            eprintln!("Backed up {} to {}.", settings.database_url, file.display());
            Ok(())
        }
        Command::Restore { file } => {
            backup::restore(&settings.database_url, &file).await?;
            eprintln!(
                "Restored {} from {}.",
                settings.database_url,
                file.display()
            );
            Ok(())
        }
        Command::Token {
            command:
                TokenCommand::Create {
                    name,
                    scopes,
                    email,
                    expires_in_days,
                },
        } => {
            let portal = command_portal(&settings).await?;
            let scopes = scopes.into_iter().map(Into::into).collect();
            let token = bootstrap::create_token(
                &portal,
                &email,
                &name,
                scopes,
                expires_in_days.unwrap_or(0),
            )
            .await?;
            eprintln!(
                "Token \"{}\" created. Its secret follows, shown only now:",
                token.name
            );
            println!("{}", token.secret);
            Ok(())
        }
        Command::Import {
            command: ImportCommand::Kong { file, email },
        } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let portal = command_portal(&settings).await?;
            let (writer, request) =
                bootstrap::command_line_admin(&portal, email.as_deref()).await?;
            let report = kong_import::import(&portal, &writer, &request, &text)
                .await
                .with_context(|| file.display().to_string())?;
            for line in &report.lines {
                println!("{line}");
            }
            println!("{}", report.summary());
            Ok(())
        }
    }
}

/// The portal a command acts through: the database opened and migrated, the server key read.
async fn command_portal(settings: &Settings) -> anyhow::Result<std::sync::Arc<Portal>> {
    let platform = NativePlatform::shared(settings.password_hashes_at_once);
    let store = Store::connect(settings.database_url.expose(), platform).await?;
    store.migrate().await?;
    Ok(Portal::new(
        store,
        &settings.portal_config(),
        startup::sealer(settings)?,
    ))
}
