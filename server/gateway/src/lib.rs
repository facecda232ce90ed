//! Gateway verification (SPEC §3): `/gateway/verify` for forward-auth gateways and
//! `/oauth2/token` for the client credentials grant, answered from an in-memory index that
//! follows the database within a fraction of a second. Written once for every target: the
//! native server follows the database from background tasks ([`Gateway::refresh`] every
//! [`REFRESH_EVERY`], [`Gateway::flush_usage`] every [`USAGE_EVERY`]); a Worker, which has
//! none, checks on requests ([`Following::OnRequest`]) and flushes after them and from Cron.

mod hmac_auth;
mod index;
mod jwt;
mod limits;
mod looked_up;
mod original;
mod presented;
mod routes;
mod token;
mod verify;

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arc_swap::ArcSwap;
use hmac::{Hmac, Mac};
use rand::{rngs::OsRng, RngCore};
use sha2::Sha256;

use app::model::Password;

use gatehouse_core::auth::{verify_password, AccountFailures, Sealer, SecretHash};
use gatehouse_core::platform::heavy;
use gatehouse_core::store::{Store, Wanted};
use index::{Credential, Index, Secret};
use limits::Limiter;
use looked_up::LookedUp;

pub use limits::{RateHeaders, SHARE, SYNC_EVERY};
pub use original::{GatewayHeaders, GatewayStyle, OriginalRequest};
pub use routes::routes;
pub use verify::{Allowed, Decision, Refusal};

/// How often every instance checks the database for changes that grant or end access.
pub const REFRESH_EVERY: Duration = Duration::from_millis(200);
/// Argon2 runs per basic-auth username per minute when the setting is not given.
pub const DEFAULT_BASIC_FAILURES_PER_MINUTE: u32 = 10;
/// How many credentials a Worker isolate's index holds before it looks each one up instead
/// (measured: at 100,000 the whole index took the isolate well past its 128 MB).
pub const ISOLATE_INDEX_LIMIT: u32 = 20_000;
/// How often last-used times are written.
pub const USAGE_EVERY: Duration = Duration::from_secs(5);
/// How long a wrong basic-auth password is remembered, and how many are.
const REMEMBER_FAILURE_MS: i64 = 60_000;
const MAX_REMEMBERED_FAILURES: usize = 10_000;
/// How long an OAuth access token works.
pub const TOKEN_LIFETIME_SECS: i64 = 3600;

/// How the index learns of the database's changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Following {
    /// A background task calls [`Gateway::refresh`] every [`REFRESH_EVERY`].
    Background,
    /// Each gateway request checks the database's version first, at most once per
    /// [`REFRESH_EVERY`] (a Worker's isolate, which has no background tasks).
    OnRequest,
}

pub struct Gateway {
    index: ArcSwap<Index>,
    following: Following,
    /// When the version was last checked on a request, and uses last written (milliseconds).
    last_refresh: AtomicI64,
    last_flush: AtomicI64,
    store: Store,
    sealer: Sealer,
    /// Keys the digests of verified basic-auth passwords; random per process.
    pepper: [u8; 32],
    /// Basic-auth secret id → keyed digest of the password Argon2id verified for it.
    verified: Mutex<HashMap<[u8; 32], [u8; 32]>>,
    /// Keyed digests of wrong basic-auth passwords → until when they are remembered.
    failed: Mutex<HashMap<[u8; 32], i64>>,
    /// Argon2 runs per basic-auth username, counted in the database so that every instance
    /// holds a flood of guesses back alike.
    basic_failures: AccountFailures,
    /// Uses gathered from indexes that were replaced before their uses were written.
    usage: Mutex<HashMap<String, i64>>,
    /// The time up to which uses have been collected from the current index.
    usage_collected: AtomicI64,
    /// Access token hash → (credential id, expiry), filled as tokens are issued or looked up.
    tokens: Mutex<HashMap<[u8; 32], (String, i64)>>,
    /// When a refusal last made us check the database's version (milliseconds).
    last_catch_up: AtomicI64,
    /// Which headers describe the client's request.
    headers: GatewayHeaders,
    /// Above this many credentials the index holds none and each is looked up.
    hold_at_most: Option<u64>,
    /// With a partial index: the credentials looked up for the current version.
    looked_up: Mutex<LookedUp>,
    /// Rebuilds so far, and how long the last one took (milliseconds), for `/metrics`.
    rebuilds: AtomicU64,
    last_rebuild_ms: AtomicI64,
    /// Requests counted against plans, and the usage charts' counts.
    limiter: Limiter,
}

/// What `/metrics` tells of the index.
#[derive(Clone, Copy, Debug)]
pub struct IndexStats {
    /// Credentials held (0 when each is looked up instead).
    pub credentials: usize,
    pub partial: bool,
    pub rebuilds: u64,
    pub last_rebuild_ms: i64,
}

/// How often refusals may check whether the index is behind.
const CATCH_UP_EVERY_MS: i64 = 50;

impl Gateway {
    /// Loads the index. The caller keeps it following the database as `following` says.
    /// With `hold_at_most`, an index that would hold more credentials holds none, and each
    /// credential a request names is looked up (an isolate's memory is small).
    pub async fn load(
        store: Store,
        sealer: Sealer,
        headers: GatewayHeaders,
        basic_failures_per_minute: u32,
        following: Following,
        hold_at_most: Option<u64>,
    ) -> anyhow::Result<Arc<Self>> {
        let mut pepper = [0u8; 32];
        OsRng.fill_bytes(&mut pepper);
        let now = store.now();
        let gateway = Arc::new(Self {
            index: ArcSwap::from_pointee(Index::default()),
            following,
            last_refresh: AtomicI64::new(now),
            last_flush: AtomicI64::new(now),
            store,
            sealer,
            pepper,
            verified: Mutex::new(HashMap::new()),
            failed: Mutex::new(HashMap::new()),
            basic_failures: AccountFailures::new(
                basic_failures_per_minute,
                Duration::from_secs(60),
            ),
            usage: Mutex::new(HashMap::new()),
            usage_collected: AtomicI64::new(0),
            tokens: Mutex::new(HashMap::new()),
            last_catch_up: AtomicI64::new(0),
            rebuilds: AtomicU64::new(0),
            last_rebuild_ms: AtomicI64::new(0),
            headers,
            hold_at_most,
            looked_up: Mutex::new(LookedUp::default()),
            limiter: Limiter::default(),
        });
        gateway.rebuild().await?;
        Ok(gateway)
    }

    /// With [`Following::OnRequest`]: checks the database's version when the last check is
    /// [`REFRESH_EVERY`] old, so a revoke made through any isolate is refused by this one
    /// within that time (plus one query).
    pub(crate) async fn refresh_on_request(&self) {
        if self.following != Following::OnRequest {
            return;
        }
        let now = self.store.now();
        let last = self.last_refresh.load(Ordering::Relaxed);
        if now - last < REFRESH_EVERY.as_millis() as i64 {
            return;
        }
        self.last_refresh.store(now, Ordering::Relaxed);
        if let Err(error) = self.refresh().await {
            tracing::warn!(error = %error, "refreshing the gateway index");
        }
    }

    /// Writes last-used times when the last write is [`USAGE_EVERY`] old; for a target
    /// that flushes after requests rather than on a timer.
    pub async fn flush_usage_if_due(&self) {
        let now = self.store.now();
        if now - self.last_flush.load(Ordering::Relaxed) < USAGE_EVERY.as_millis() as i64 {
            return;
        }
        if let Err(error) = self.flush_usage().await {
            tracing::warn!(error = %error, "recording credential use");
        }
    }

    /// Adds this instance's request counts to the shared counters and reads the totals of
    /// the limits in use (natively every [`SYNC_EVERY`]; on a Worker after requests).
    pub async fn sync_limits(&self) -> anyhow::Result<()> {
        self.limiter.sync(&self.store).await
    }

    /// After a request on a Worker: [`Gateway::sync_limits`] now when the last batch is
    /// [`SYNC_EVERY`] old, else once it is (`sleep` waits), unless another request is already
    /// waiting to. So the counts of an isolate's last requests are sent too, well within a
    /// claim's lease, even when no request follows them.
    pub async fn sync_limits_soon<F: std::future::Future<Output = ()>>(
        &self,
        sleep: impl FnOnce(Duration) -> F,
    ) {
        let wait = self.limiter.wait_before_sync(self.store.now());
        if !wait.is_zero() {
            let Some(_turn) = self.limiter.trailing_turn() else {
                return;
            };
            sleep(wait).await;
        }
        if let Err(error) = self.sync_limits().await {
            tracing::warn!(error = %error, "counting requests against plans");
        }
    }

    pub fn headers(&self) -> &GatewayHeaders {
        &self.headers
    }

    /// The index's size and its rebuilds.
    pub fn index_stats(&self) -> IndexStats {
        let index = self.index();
        IndexStats {
            credentials: index.credential_count(),
            partial: index.partial,
            rebuilds: self.rebuilds.load(Ordering::Relaxed),
            last_rebuild_ms: self.last_rebuild_ms.load(Ordering::Relaxed),
        }
    }

    fn index(&self) -> arc_swap::Guard<Arc<Index>> {
        self.index.load()
    }

    /// Rebuilds the index when the database's gateway version moved.
    pub async fn refresh(&self) -> anyhow::Result<()> {
        if self.store.gateway_version().await? != self.index().version {
            self.rebuild().await?;
        }
        Ok(())
    }

    /// Rebuilds the index now if the database moved on; true when it did. Throttled, so a
    /// flood of bad credentials costs at most one small query per 50 ms.
    async fn catch_up(&self) -> bool {
        let now = self.store.now();
        let last = self.last_catch_up.load(Ordering::Relaxed);
        if now - last < CATCH_UP_EVERY_MS
            || self
                .last_catch_up
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            return false;
        }
        let before = self.index().version;
        if let Err(error) = self.refresh().await {
            tracing::warn!(error = %error, "refreshing the gateway index");
        }
        self.index().version != before
    }

    async fn rebuild(&self) -> anyhow::Result<()> {
        let started = self.store.now();
        let partial = match self.hold_at_most {
            Some(most) => self.store.gateway_credential_count().await? as u64 > most,
            None => false,
        };
        let wanted = if partial { Wanted::None } else { Wanted::All };
        let data = self.store.gateway_data(&wanted).await?;
        let sealer = self.sealer.clone();
        let mut index = heavy(self.store.platform().as_ref(), move || {
            Index::build(data, &sealer)
        })
        .await?;
        index.partial = partial;
        let took_ms = self.store.now() - started;
        self.rebuilds.fetch_add(1, Ordering::Relaxed);
        self.last_rebuild_ms.store(took_ms, Ordering::Relaxed);
        tracing::debug!(
            version = index.version,
            credentials = index.credential_count(),
            partial,
            took_ms,
            "gateway index rebuilt"
        );
        // A slower concurrent rebuild must not replace a newer index.
        let index = Arc::new(index);
        let previous = self.index.rcu(|current| {
            if current.version > index.version {
                current.clone()
            } else {
                index.clone()
            }
        });
        // Verified basic-auth passwords stay remembered while their secret exists; wrong
        // ones are forgotten, as the change may be a roll that makes one of them right.
        let live = self.index().argon2_ids();
        if let Ok(mut verified) = self.verified.lock() {
            verified.retain(|id, _| live.contains(id));
        }
        if let Ok(mut failed) = self.failed.lock() {
            failed.clear();
        }
        // Keep the uses the replaced index saw until the next batch writes them.
        if !Arc::ptr_eq(&previous, &self.index()) {
            let since = self.usage_collected.swap(0, Ordering::Relaxed);
            self.keep_uses(previous.used_since(since));
            let version = self.index().version;
            let uses = self.looked_up.lock().map(|mut kept| kept.forget(version));
            self.keep_uses(uses.unwrap_or_default());
        }
        Ok(())
    }

    /// Uses seen by an index about to be dropped, kept for the next batch.
    fn keep_uses(&self, uses: Vec<(String, i64)>) {
        if let Ok(mut usage) = self.usage.lock() {
            usage.extend(uses);
        }
    }

    /// Checks a basic-auth password. A password Argon2id has verified once is remembered as
    /// a keyed digest (for as long as that secret exists), so a good client costs a hash,
    /// not an Argon2 run, and is never held back by someone else's guesses. A wrong password
    /// is remembered for a minute (repeats cost nothing; forgotten when the index changes, as
    /// a roll makes it right), and a username that had too many Argon2 runs (this clock
    /// minute and the one before, on every instance) gets none until the count falls below
    /// the allowance.
    async fn check_basic_password(
        &self,
        credential: &Credential,
        username: &str,
        password: &str,
        now: i64,
    ) -> Result<(), Refusal> {
        const WRONG: Refusal = Refusal::Unauthorized("Invalid username or password.");
        let digest = self.keyed_digest(&credential.id, password);
        let secrets: Vec<(&String, &[u8; 32])> = std::iter::once(&credential.secret)
            .chain(
                credential
                    .previous
                    .as_ref()
                    .filter(|(_, until)| *until > now)
                    .map(|(secret, _)| secret),
            )
            .filter_map(|secret| match secret {
                Secret::Argon2 { phc, id } => Some((phc, id)),
                _ => None,
            })
            .collect();
        if let Ok(verified) = self.verified.lock() {
            if secrets
                .iter()
                .any(|(_, id)| verified.get(*id) == Some(&digest))
            {
                return Ok(());
            }
        }
        if self
            .failed
            .lock()
            .is_ok_and(|failed| failed.get(&digest).is_some_and(|until| *until > now))
        {
            return Err(WRONG);
        }
        let Ok(parsed) = Password::parse_new(password) else {
            return Err(WRONG);
        };
        // Counted in the database before the Argon2 run, and judged on a count that includes
        // this attempt: of guesses sent at once, to one instance or many, at most the
        // allowance get a run. The answer is the same as for a wrong password: it must not
        // tell which usernames exist.
        let account = format!("basic-auth|{username}");
        match self
            .basic_failures
            .count_and_judge(&self.store, &account, now)
            .await
        {
            Ok(false) => {}
            Ok(true) => {
                tracing::warn!(
                    username,
                    "basic-auth refused without a check: too many wrong passwords"
                );
                return Err(WRONG);
            }
            Err(error) => {
                tracing::warn!(%error, "basic-auth attempt could not be counted");
                return Err(Refusal::Busy);
            }
        }
        for (phc, id) in secrets {
            match verify_password(
                self.store.platform().as_ref(),
                parsed.clone(),
                Some(phc.clone()),
            )
            .await
            {
                Ok(true) => {
                    if let Ok(mut verified) = self.verified.lock() {
                        verified.insert(*id, digest);
                    }
                    return Ok(());
                }
                Ok(false) => {}
                Err(gatehouse_core::auth::PasswordError::Busy) => return Err(Refusal::Busy),
                Err(error) => {
                    tracing::error!(error = %error, "checking a basic-auth password");
                    return Err(WRONG);
                }
            }
        }
        if let Ok(mut failed) = self.failed.lock() {
            if failed.len() < MAX_REMEMBERED_FAILURES {
                failed.insert(digest, now + REMEMBER_FAILURE_MS);
            }
        }
        Err(WRONG)
    }

    fn keyed_digest(&self, credential_id: &str, password: &str) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.pepper).expect("any key size");
        mac.update(credential_id.as_bytes());
        mac.update(&[0]);
        mac.update(password.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// The oauth2 credential an access token was issued to, if the token is still good.
    async fn access_token_credential<'a>(
        &self,
        index: &'a Index,
        token: &str,
        now: i64,
    ) -> Option<(usize, &'a Credential)> {
        let (credential_id, expires_at) = self.token_owner(token).await?;
        if expires_at <= now {
            return None;
        }
        index
            .by_id(&credential_id)
            .filter(|(_, c)| c.kind == app::model::CredentialKind::OAuth2)
    }

    /// The credential an access token was issued to, and until when the token works.
    async fn token_owner(&self, token: &str) -> Option<(String, i64)> {
        let hash = *SecretHash::of(token).bytes();
        let cached = self.tokens.lock().ok()?.get(&hash).cloned();
        match cached {
            Some(found) => Some(found),
            None => {
                let found = self.store.access_token(&hex::encode(hash)).await.ok()??;
                self.tokens.lock().ok()?.insert(hash, found.clone());
                Some(found)
            }
        }
    }

    /// Writes the last-used times gathered since the previous flush; expired tokens go too.
    pub async fn flush_usage(&self) -> anyhow::Result<()> {
        let now = self.store.now();
        self.last_flush.store(now, Ordering::Relaxed);
        let since = self.usage_collected.swap(now, Ordering::Relaxed);
        // A use noted while the previous batch was read is taken again (writes keep the
        // latest time, so twice is harmless).
        let mut batch: Vec<(String, i64)> = self.index().used_since(since - 2000);
        if let Ok(kept) = self.looked_up.lock() {
            for answer in kept.answers() {
                batch.extend(answer.used_since(since - 2000));
            }
        }
        if let Ok(mut usage) = self.usage.lock() {
            batch.extend(usage.drain());
        }
        if !batch.is_empty() {
            self.store.record_credential_use(&batch).await?;
        }
        if let Ok(mut tokens) = self.tokens.lock() {
            tokens.retain(|_, (_, expires)| *expires > now);
        }
        if let Ok(mut failed) = self.failed.lock() {
            failed.retain(|_, until| *until > now);
        }
        Ok(())
    }
}
