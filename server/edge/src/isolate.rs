//! What an isolate builds once and keeps for every request it serves: the settings, the
//! portal over the D1 binding, the gateway's index and the router. A wrong setting is not
//! kept: each request tries again and names it, so the portal starts as soon as it is fixed.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use axum::Router;
use leptos::config::{Env as LeptosEnv, LeptosOptions};
use worker::Env;

use crate::mail::HttpMail;
use crate::platform::WorkerPlatform;
use crate::settings::{Settings, Vars, DATABASE_BINDING};
use crate::webhooks::FetchSender;
use crate::{bootstrap, routes};
use gatehouse_core::auth::Sealer;
use gatehouse_core::mail::delivery;
use gatehouse_core::portal::Portal;
use gatehouse_core::store::Store;
use gatehouse_core::webhooks;
use gatehouse_db::Db;
use gatehouse_gateway::{Following, Gateway};

pub struct Isolate {
    pub router: Router,
    pub portal: Arc<Portal>,
    pub gateway: Arc<Gateway>,
    sealer: Sealer,
    mail: Option<HttpMail>,
}

impl Isolate {
    /// Hands what is due in the outbox to the e-mail API, if one is set.
    pub async fn deliver_mail(&self) {
        if let Some(mail) = &self.mail {
            delivery::deliver_due(self.portal.store(), &self.sealer, mail).await;
        }
    }

    /// Posts the webhooks that are due.
    pub async fn deliver_webhooks(&self) {
        webhooks::deliver_due(self.portal.store(), &self.sealer, &FetchSender).await;
    }
}

thread_local! {
    static BUILT: RefCell<Option<Rc<Isolate>>> = const { RefCell::new(None) };
    /// Settings a test gave through `/__test/reset`, over the bindings.
    static OVERRIDES: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

/// Forgets what this isolate built: the next request builds it again, with `overrides`
/// over the bindings (tests only, through `/__test/reset`).
pub fn rebuild_with(overrides: Vec<(String, String)>) {
    OVERRIDES.with(|slot| *slot.borrow_mut() = overrides);
    BUILT.with(|slot| *slot.borrow_mut() = None);
}

/// The isolate's portal and router, built on its first request. `Err` names the binding or
/// setting that is missing or wrong.
pub async fn get(env: &Env) -> Result<Rc<Isolate>, String> {
    if let Some(built) = BUILT.with(|built| built.borrow().clone()) {
        return Ok(built);
    }
    let built = Rc::new(build(env).await?);
    BUILT.with(|slot| *slot.borrow_mut() = Some(built.clone()));
    Ok(built)
}

async fn build(env: &Env) -> Result<Isolate, String> {
    let overrides = OVERRIDES.with(|slot| slot.borrow().clone());
    let vars = Vars {
        env,
        overrides: &overrides,
    };
    let settings = Settings::read(&vars).map_err(|e| e.to_string())?;
    let database = env.d1(DATABASE_BINDING).map_err(|_| {
        format!(
            "{DATABASE_BINDING}: no D1 binding of this name; add a [[d1_databases]] entry with \
             binding = \"{DATABASE_BINDING}\" to wrangler.toml"
        )
    })?;
    let store = Store::new(Db::d1(database), Arc::new(WorkerPlatform));
    bootstrap::ensure_first_owner(&store, &settings).await?;
    let sealer = Sealer::new(&settings.secret_key);
    let gateway = Gateway::load(
        store.clone(),
        sealer.clone(),
        settings.gateway_headers.clone(),
        settings.gateway_basic_failures_per_minute,
        Following::OnRequest,
        Some(settings.gateway_index_limit.into()),
    )
    .await
    .map_err(|e| format!("loading the gateway index: {e}"))?;
    let portal = Portal::new(store, &settings.portal, sealer.clone());
    let router = routes::router(&portal, &gateway, leptos_options(), &settings);
    Ok(Isolate {
        router,
        portal,
        gateway,
        sealer,
        mail: settings.mail,
    })
}

/// The Leptos options, set directly: reading them from `Leptos.toml` consults the process
/// environment, which a Worker does not have.
fn leptos_options() -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(env!("LEPTOS_OUTPUT_NAME"))
        .site_pkg_dir("pkg")
        .env(LeptosEnv::PROD)
        .build()
}
