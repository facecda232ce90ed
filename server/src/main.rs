//! `gatehouse`: settings → telemetry → command.

use std::io::BufRead;

use anyhow::Context;
use clap::Parser;
use gatehouse_core::store::Store;
use server::{
    bootstrap,
    cli::{AdminCommand, Cli, Command},
    config::Settings,
    platform::NativePlatform,
    startup::Application,
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
    telemetry::init();
    match cli.command.unwrap_or(Command::Serve) {
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
    }
}
