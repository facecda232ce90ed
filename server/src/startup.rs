//! Builds the application from settings: storage, the first admin, the router, the listener.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context;
use leptos::config::LeptosOptions;
use tokio::net::TcpListener;

use crate::gateway::{Following, Gateway};
use crate::gateway_follower;
use crate::platform::NativePlatform;
use crate::{bootstrap, config::Settings, http, key_file};
use gatehouse_core::auth::Sealer;
use gatehouse_core::portal::Portal;
use gatehouse_core::store::Store;

/// The Leptos options: `Leptos.toml` compiled in, overridable by `LEPTOS_*` variables.
pub fn leptos_options() -> anyhow::Result<LeptosOptions> {
    let conf = leptos::config::get_config_from_str(include_str!("../../Leptos.toml"))
        .map_err(|e| anyhow::anyhow!("Leptos.toml: {e}"))?;
    Ok(conf)
}

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    portal: Arc<Portal>,
    gateway: Arc<Gateway>,
}

/// Seals secrets with the server key: `GATEHOUSE_SECRET_KEY`, or the key file (made on first
/// use).
pub fn sealer(settings: &Settings) -> anyhow::Result<Sealer> {
    let key = match &settings.secret_key {
        Some(key) => key.clone(),
        None => key_file::load_or_create(&settings.secret_key_file)
            .context("GATEHOUSE_SECRET_KEY_FILE: the server key")?,
    };
    Ok(Sealer::new(&key))
}

impl Application {
    /// Opens and migrates the database, creates the first owner if needed and binds the
    /// listener (port 0 picks a free port, as tests do).
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        let platform = NativePlatform::shared(settings.password_hashes_at_once);
        let store = Store::connect(settings.database_url.expose(), platform)
            .await
            .with_context(|| format!("opening the database {}", settings.database_url))?;
        store.migrate().await.context("migrating the database")?;
        bootstrap::ensure_first_admin(&store, settings).await?;
        let sealer = sealer(settings)?;
        crate::mail::spawn_delivery(
            store.clone(),
            settings.smtp_url.clone(),
            settings.mail_from.clone(),
            sealer.clone(),
        );
        crate::webhooks::spawn_delivery(store.clone(), sealer.clone())
            .context("starting the webhook deliverer")?;
        let gateway = Gateway::load(
            store.clone(),
            sealer.clone(),
            settings.gateway_headers.clone(),
            settings.gateway_basic_failures_per_minute,
            Following::Background,
            settings.gateway_index_limit.map(u64::from),
        )
        .await
        .context("loading the gateway index")?;
        gateway_follower::spawn(&gateway);
        let portal = Portal::new(store, &settings.portal_config(), sealer);
        let router = http::router(portal.clone(), gateway.clone(), leptos_options()?, settings);
        let listener = TcpListener::bind(settings.listen)
            .await
            .with_context(|| format!("GATEHOUSE_LISTEN: cannot listen on {}", settings.listen))?;
        Ok(Self {
            listener,
            router,
            portal,
            gateway,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn portal(&self) -> Arc<Portal> {
        self.portal.clone()
    }

    pub fn gateway(&self) -> Arc<Gateway> {
        self.gateway.clone()
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes the requests under way.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let portal = self.portal.clone();
        tokio::spawn(async move {
            // Housekeeping every five minutes, the first one five minutes after start.
            let period = Duration::from_secs(300);
            let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
            loop {
                tick.tick().await;
                portal.housekeeping().await;
            }
        });
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
