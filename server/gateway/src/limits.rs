//! Plans enforced inside verify, without a database round trip on the common path.
//!
//! Each instance counts the requests it lets through per application, service and window,
//! and adds its counts to the shared counters in the database in batches (every
//! [`SYNC_EVERY`], and sooner when its share runs out), reading every instance's totals back.
//! Requests per second and per minute are judged in a sliding window (the previous fixed
//! window weighted by how much of it the sliding window still covers, plus the current one),
//! requests per UTC day and month in calendar windows that reset.
//!
//! The bound on overshoot: an instance lets a request through only on a share it claimed in
//! the database, an eighth ([`SHARE`]) of what the claim found left (at least one). Every
//! instance counts the others' live claims as used, and a claim is spent only as far as,
//! once written, the counts and every claim still fit the limit; so the instances together
//! never let more through than the limit (a sliding window's estimate is what it judges).
//! A claim lapses after [`CLAIM_LEASE`] unless a batch renews it, so a stopped instance's
//! share frees itself; its owner spends it only in the first half of the lease, so that the
//! requests it let through are counted (by the next batch, within [`SYNC_EVERY`]) before
//! the claim lapses. Claims that collide at the end of a window (two instances each asking
//! for the last request) both fail; each then asks again at the next batch only half the
//! time, so one soon gets it. Meanwhile the requests get 429 with `Retry-After: 1`. Only a
//! failed batch, or one that takes longer than half a lease, lets the instances exceed a
//! limit (an instance then judges on its own counts rather than refuse every caller).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use app::model::{LimitWindow, Limits};
use gatehouse_core::store::{hour_of, Claims, CountedUse, Counter, Outcomes, Store, UsageKey};

/// How often an instance adds its counts and reads the totals when nothing else made it.
pub const SYNC_EVERY: Duration = Duration::from_millis(100);
/// An instance claims at most `1/SHARE` of what is left of the tightest limit at a time, so
/// that instances claiming at once each get some.
pub const SHARE: u64 = 8;
/// How long a claim holds unless a batch renews it (an instance in use renews every batch).
pub const CLAIM_LEASE: Duration = Duration::from_secs(2);
/// An application and service not seen for this long is forgotten once its counts are sent.
const FORGET_AFTER_MS: i64 = 180_000;

/// What the `RateLimit-Policy` and `RateLimit` headers say (draft-ietf-httpapi-ratelimit-headers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateHeaders {
    /// `"day";q=1000;w=86400`, one item per limit.
    pub policy: String,
    /// `"day";r=941;t=3600`: what is left and the seconds until the window resets.
    pub remaining: String,
}

/// The limiter's answer for one request.
#[derive(Debug, PartialEq, Eq)]
pub enum Admission {
    /// Within every limit (headers when the plan has any).
    Allowed(Option<RateHeaders>),
    /// Over a limit: wait `retry_after` seconds.
    OverLimit {
        retry_after: u64,
        headers: RateHeaders,
    },
    /// This instance's share is spent: add the counts and claim a share, then ask again.
    Sync,
}

/// A window of a limit: which one, and its start (ms).
type Row = (LimitWindow, i64);

#[derive(Default)]
struct KeyState {
    limits: Limits,
    /// Counted since the last batch was taken.
    counted: CountedUse,
    /// Taken by the batch under way; still counted until its totals arrive.
    in_flight: CountedUse,
    /// Every instance's counts, and the other instances' live claims, as last read.
    totals: HashMap<Row, Counter>,
    /// Requests this instance may still let through on its claim.
    budget: u64,
    /// The windows the claim is in: when one of them ends, so does the share.
    claimed_in: Vec<Row>,
    /// Until when the share may be spent: half its lease, so that what was let through is
    /// counted before the claim lapses.
    spend_until: i64,
    /// Spent of the share since the batch under way planned its claim.
    spent_since_planned: u64,
    /// The last batch found nothing left to claim: refuse from memory until the next.
    full: bool,
    last_seen: i64,
}

/// A claim a batch writes for one application and service, judged once the totals are read.
struct PlannedClaim {
    rows: Vec<Row>,
    /// What the claim holds in all: the share still unspent when it was taken, and `asked`.
    hold: u64,
    asked: u64,
}

impl KeyState {
    /// A window's requests, the sliding estimate for a rate and the calendar window's count
    /// for a quota, with `count` giving each fixed window's count.
    fn sliding(window: LimitWindow, now: i64, count: impl Fn(Row) -> f64) -> f64 {
        let start = window.start(now);
        let current = count((window, start));
        if !window.is_rate() {
            return current;
        }
        let length = (window.next(start) - start) as f64;
        let covered = 1.0 - (now - start) as f64 / length;
        count((window, window.previous(start))) * covered + current
    }

    /// Requests let through in a fixed window, as far as this instance knows.
    fn count(&self, row: Row) -> f64 {
        let of = |map: &HashMap<Row, u64>| map.get(&row).copied().unwrap_or(0);
        let shared = self.totals.get(&row).map_or(0, |c| c.n);
        (shared + of(&self.counted.windows) + of(&self.in_flight.windows)) as f64
    }

    /// Requests let through in the window ending now.
    fn estimate(&self, window: LimitWindow, now: i64) -> f64 {
        Self::sliding(window, now, |row| self.count(row))
    }

    /// What the tightest limit has left once the other instances' claims are counted as
    /// used, as of the last read.
    fn left_beside_others(&self, now: i64) -> f64 {
        self.least_left(now, |row| {
            self.count(row) + self.totals.get(&row).map_or(0, |c| c.claimed_by_others) as f64
        })
    }

    /// What the tightest limit has left, with `used` giving each fixed window's use.
    fn least_left(&self, now: i64, used: impl Fn(Row) -> f64) -> f64 {
        self.limits
            .set()
            .map(|(window, limit)| limit as f64 - Self::sliding(window, now, &used))
            .fold(f64::INFINITY, f64::min)
    }

    /// Milliseconds until one more request fits in `window`.
    fn wait_ms(&self, window: LimitWindow, limit: u64, now: i64) -> i64 {
        let start = window.start(now);
        let end = window.next(start);
        if !window.is_rate() {
            return end - now;
        }
        let length = (end - start) as f64;
        let elapsed = (now - start) as f64;
        let current = self.count((window, start));
        let previous = self.count((window, window.previous(start)));
        let room = limit as f64 - 1.0;
        let wait = if current <= room && previous > 0.0 {
            length * (1.0 - (room - current) / previous) - elapsed
        } else {
            (length - elapsed) + length * (1.0 - room / current.max(1.0)).max(0.0)
        };
        wait.ceil().max(1.0) as i64
    }

    /// The windows of the plan's limits now.
    fn rows_now(&self, now: i64) -> Vec<Row> {
        self.limits
            .set()
            .map(|(window, _)| (window, window.start(now)))
            .collect()
    }

    /// True while the claim may be spent: within the first half of its lease, made for the
    /// plan's windows, and none of them has ended.
    fn claim_holds(&self, now: i64) -> bool {
        now < self.spend_until
            && self.limits.set().count() == self.claimed_in.len()
            && self
                .limits
                .set()
                .zip(&self.claimed_in)
                .all(|((window, _), (claimed, start))| {
                    window == *claimed && window.start(now) == *start
                })
    }

    /// The claim the next batch writes for a key in use: the unspent share kept, topped up
    /// to an eighth of what is left beside the other instances' claims (at least one). After
    /// a batch that found no room, it asks only half the time, so that instances asking for
    /// the last requests together do not keep each other out.
    fn plan_claim(&mut self, now: i64, ask_again: bool) -> PlannedClaim {
        self.spent_since_planned = 0;
        let holds = self.claim_holds(now);
        let kept = if holds { self.budget } else { 0 };
        let left = self.left_beside_others(now);
        let share = if holds && self.full && !ask_again {
            0
        } else if left >= 1.0 {
            ((left as u64) / SHARE).max(1)
        } else {
            1
        };
        let asked = share.saturating_sub(kept);
        PlannedClaim {
            rows: self.rows_now(now),
            hold: kept + asked,
            asked,
        }
    }

    /// Takes up a written claim once the totals are read: it holds as far as the counts and
    /// the other instances' claims leave room for it.
    fn take_claim(&mut self, claim: &PlannedClaim, now: i64) {
        let room = self.least_left(now, |row| {
            let counter = self.totals.get(&row).copied().unwrap_or_default();
            (counter.n + counter.claimed_by_others) as f64
        });
        let room = if room >= 1.0 { room as u64 } else { 0 };
        // What was spent of the kept share while the batch ran is part of the claim.
        self.budget = room
            .min(claim.hold)
            .saturating_sub(self.spent_since_planned);
        self.claimed_in.clone_from(&claim.rows);
        self.spend_until = now + CLAIM_LEASE.as_millis() as i64 / 2;
        self.full = self.budget == 0;
    }

    fn outcomes(&mut self, now: i64) -> &mut Outcomes {
        self.counted.hours.entry(hour_of(now)).or_default()
    }

    /// What is left of each limit (a request let through is counted already); nothing when
    /// `none_left` (another instance holds the rest).
    fn headers(&self, now: i64, none_left: bool) -> RateHeaders {
        let mut policy = Vec::new();
        let mut remaining = Vec::new();
        for (window, limit) in self.limits.set() {
            let start = window.start(now);
            let end = window.next(start);
            let left = if none_left {
                0
            } else {
                (limit as f64 - self.estimate(window, now)).floor().max(0.0) as u64
            };
            let name = window.as_str();
            policy.push(format!("\"{name}\";q={limit};w={}", (end - start) / 1000));
            remaining.push(format!(
                "\"{name}\";r={left};t={}",
                ((end - now) as u64).div_ceil(1000)
            ));
        }
        RateHeaders {
            policy: policy.join(", "),
            remaining: remaining.join(", "),
        }
    }
}

fn merge(into: &mut CountedUse, from: CountedUse) {
    for (hour, outcomes) in from.hours {
        let entry = into.hours.entry(hour).or_default();
        entry.allowed += outcomes.allowed;
        entry.refused += outcomes.refused;
        entry.over_limit += outcomes.over_limit;
    }
    for (window, n) in from.windows {
        *into.windows.entry(window).or_default() += n;
    }
}

fn is_empty(counted: &CountedUse) -> bool {
    counted.hours.is_empty() && counted.windows.is_empty()
}

/// Application id → service id → state (looked up by `&str`, so the hot path allocates
/// only for an application and service it has not seen).
type Keys = HashMap<String, HashMap<String, KeyState>>;

fn state_of<'a>(keys: &'a mut Keys, (application, service): &UsageKey) -> Option<&'a mut KeyState> {
    keys.get_mut(application)?.get_mut(service)
}

pub struct Limiter {
    /// This instance's name on its claims.
    instance: String,
    keys: Mutex<Keys>,
    /// One batch at a time; a request that waited for one under way does not start another.
    sync_lock: async_lock::Mutex<()>,
    /// Batches tried, and whether the last one failed.
    syncs: AtomicU64,
    last_failed: AtomicBool,
    last_sync: AtomicI64,
    /// A request is waiting to send the next batch (on a Worker, after its answer).
    trailing: AtomicBool,
}

/// Held while a request waits to send the next batch: see [`Limiter::trailing_turn`].
pub struct TrailingTurn<'a>(&'a AtomicBool);

impl Drop for TrailingTurn<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

impl Default for Limiter {
    fn default() -> Self {
        Self {
            instance: format!("{:032x}", rand::random::<u128>()),
            keys: Mutex::default(),
            sync_lock: async_lock::Mutex::default(),
            syncs: AtomicU64::default(),
            last_failed: AtomicBool::default(),
            last_sync: AtomicI64::default(),
            trailing: AtomicBool::default(),
        }
    }
}

impl Limiter {
    fn with_key<T>(
        &self,
        application: &str,
        service: &str,
        act: impl FnOnce(&mut KeyState) -> T,
    ) -> Option<T> {
        let mut keys = self.keys.lock().ok()?;
        if !keys.contains_key(application) {
            keys.insert(application.to_owned(), HashMap::new());
        }
        let services = keys.get_mut(application)?;
        if !services.contains_key(service) {
            services.insert(service.to_owned(), KeyState::default());
        }
        services.get_mut(service).map(act)
    }

    /// Judges and counts a request the credential checks let through. `force` lets it
    /// through on this instance's counts alone when it has no share (after a batch failed).
    pub fn admit(
        &self,
        application: &str,
        service: &str,
        limits: Option<&Limits>,
        now: i64,
        force: bool,
    ) -> Admission {
        let judged = self.with_key(application, service, |state| {
            state.last_seen = now;
            let limits = match limits {
                Some(limits) if !limits.is_unlimited() => *limits,
                _ => {
                    state.limits = Limits::default();
                    state.outcomes(now).allowed += 1;
                    return Admission::Allowed(None);
                }
            };
            if state.limits != limits {
                // A new plan: a share to match is claimed first.
                state.limits = limits;
                state.budget = 0;
                state.claimed_in.clear();
                state.full = false;
            }
            let over: Vec<(LimitWindow, u64)> = limits
                .set()
                .filter(|(window, limit)| state.estimate(*window, now) + 1.0 > *limit as f64)
                .collect();
            if !over.is_empty() {
                let wait = over
                    .iter()
                    .map(|(window, limit)| state.wait_ms(*window, *limit, now))
                    .max()
                    .unwrap_or(1000);
                state.outcomes(now).over_limit += 1;
                return Admission::OverLimit {
                    retry_after: (wait.max(1) as u64).div_ceil(1000),
                    headers: state.headers(now, false),
                };
            }
            let holds = state.claim_holds(now);
            if holds && state.budget > 0 {
                state.budget -= 1;
                state.spent_since_planned += 1;
            } else if holds && state.full && !force {
                // What is left is claimed by other instances until they spend or free it.
                state.outcomes(now).over_limit += 1;
                return Admission::OverLimit {
                    retry_after: 1,
                    headers: state.headers(now, true),
                };
            } else if !force {
                return Admission::Sync;
            }
            for (window, _) in limits.set() {
                *state
                    .counted
                    .windows
                    .entry((window, window.start(now)))
                    .or_default() += 1;
            }
            state.outcomes(now).allowed += 1;
            Admission::Allowed(Some(state.headers(now, false)))
        });
        judged.unwrap_or(Admission::Allowed(None))
    }

    /// Whether a request would be over a limit now, counting nothing.
    pub fn peek(
        &self,
        application: &str,
        service: &str,
        limits: Option<&Limits>,
        now: i64,
    ) -> Admission {
        let Some(limits) = limits.filter(|l| !l.is_unlimited()) else {
            return Admission::Allowed(None);
        };
        let Ok(keys) = self.keys.lock() else {
            return Admission::Allowed(None);
        };
        let Some(state) = keys.get(application).and_then(|s| s.get(service)) else {
            return Admission::Allowed(None);
        };
        if state.limits != *limits {
            return Admission::Allowed(None);
        }
        let wait = limits
            .set()
            .filter(|(window, limit)| state.estimate(*window, now) + 1.0 > *limit as f64)
            .map(|(window, limit)| state.wait_ms(window, limit, now))
            .max();
        match wait {
            Some(wait) => Admission::OverLimit {
                retry_after: (wait.max(1) as u64).div_ceil(1000),
                headers: state.headers(now, false),
            },
            None if state.claim_holds(now) && state.full && state.budget == 0 => {
                Admission::OverLimit {
                    retry_after: 1,
                    headers: state.headers(now, true),
                }
            }
            None => Admission::Allowed(None),
        }
    }

    /// Counts a request refused for this application and service (403: not approved, or
    /// not in the service's ACL groups).
    pub fn note_refused(&self, application: &str, service: &str, now: i64) {
        self.with_key(application, service, |state| {
            state.last_seen = now;
            state.outcomes(now).refused += 1;
        });
    }

    pub fn syncs(&self) -> u64 {
        self.syncs.load(Ordering::Relaxed)
    }

    /// How long until the last batch is [`SYNC_EVERY`] old (zero: now).
    pub fn wait_before_sync(&self, now: i64) -> Duration {
        let since = now - self.last_sync.load(Ordering::Relaxed);
        Duration::from_millis((SYNC_EVERY.as_millis() as i64 - since).max(0) as u64)
    }

    /// The right to wait for the next batch and send it, if no one holds it; it ends when
    /// the returned guard is dropped.
    pub fn trailing_turn(&self) -> Option<TrailingTurn<'_>> {
        self.trailing
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Relaxed)
            .ok()
            .map(|_| TrailingTurn(&self.trailing))
    }

    /// Sends the counts, unless a batch that began after `seen` (a [`Limiter::syncs`]
    /// reading) ended while this one waited for its turn: then that batch's outcome is this
    /// one's, so requests waiting while the database is down do not try one by one.
    pub async fn sync_unless_done_since(&self, store: &Store, seen: u64) -> anyhow::Result<()> {
        let _turn = self.sync_lock.lock().await;
        if self.syncs() != seen {
            return if self.last_failed.load(Ordering::Relaxed) {
                Err(anyhow::anyhow!("the last batch of counts failed"))
            } else {
                Ok(())
            };
        }
        self.sync_now(store).await
    }

    /// Adds this instance's counts to the shared counters, renews or takes its claims, and
    /// reads every instance's totals for the limits in use; on failure the counts stay to be
    /// sent with the next batch.
    pub async fn sync(&self, store: &Store) -> anyhow::Result<()> {
        let _turn = self.sync_lock.lock().await;
        self.sync_now(store).await
    }

    async fn sync_now(&self, store: &Store) -> anyhow::Result<()> {
        let outcome = self.send_and_read(store).await;
        self.last_failed.store(outcome.is_err(), Ordering::Relaxed);
        self.syncs.fetch_add(1, Ordering::Relaxed);
        outcome
    }

    async fn send_and_read(&self, store: &Store) -> anyhow::Result<()> {
        let now = store.now();
        let until = now + CLAIM_LEASE.as_millis() as i64;
        self.last_sync.store(now, Ordering::Relaxed);
        let mut sent = Vec::new();
        let mut wanted = Vec::new();
        let mut planned: Vec<(UsageKey, PlannedClaim)> = Vec::new();
        let mut claims = Claims {
            instance: self.instance.clone(),
            until,
            shares: Vec::new(),
        };
        if let Ok(mut keys) = self.keys.lock() {
            for (application, services) in keys.iter_mut() {
                services.retain(|_, state| {
                    !(now - state.last_seen > FORGET_AFTER_MS && is_empty(&state.counted))
                });
                for (service, state) in services.iter_mut() {
                    let key: UsageKey = (application.clone(), service.clone());
                    if !is_empty(&state.counted) {
                        let counted = std::mem::take(&mut state.counted);
                        sent.push((key.clone(), counted.clone()));
                        merge(&mut state.in_flight, counted);
                    }
                    if state.limits.is_unlimited() {
                        continue;
                    }
                    wanted.push((key.clone(), state.limits.set().map(|(w, _)| w).collect()));
                    // A key in use within the lease renews its claim; an idle one lets it lapse.
                    if now - state.last_seen < CLAIM_LEASE.as_millis() as i64 / 2 {
                        let claim = state.plan_claim(now, rand::random::<bool>());
                        for (window, start) in &claim.rows {
                            claims
                                .shares
                                .push((key.clone(), *window, *start, claim.hold));
                        }
                        planned.push((key, claim));
                    }
                }
            }
            keys.retain(|_, services| !services.is_empty());
        }
        if sent.is_empty() && wanted.is_empty() {
            return Ok(());
        }
        let written = store.add_gateway_counts(&sent, &claims).await;
        let lock = || {
            self.keys
                .lock()
                .map_err(|_| anyhow::anyhow!("the limiter's lock is poisoned"))
        };
        if let Err(error) = written {
            // Nothing written: the counts go with the next batch.
            for services in lock()?.values_mut() {
                for state in services.values_mut() {
                    let in_flight = std::mem::take(&mut state.in_flight);
                    merge(&mut state.counted, in_flight);
                }
            }
            return Err(error.into());
        }
        let read = store.counter_totals(&wanted, now, &self.instance).await;
        let mut keys = lock()?;
        let totals = match read {
            Ok(totals) => totals,
            Err(error) => {
                // Written but not read: what was sent is added to the old totals, and the
                // claims' new shares are not taken up (they lapse or are renewed).
                for (key, used) in &sent {
                    if let Some(state) = state_of(&mut keys, key) {
                        state.in_flight = CountedUse::default();
                        for (window, n) in &used.windows {
                            state.totals.entry(*window).or_default().n += n;
                        }
                    }
                }
                for (key, claim) in &planned {
                    if let Some(state) = state_of(&mut keys, key) {
                        // The kept share was renewed: it may be spent for another half lease.
                        if state.claimed_in == claim.rows && claim.hold > claim.asked {
                            state.spend_until = now + CLAIM_LEASE.as_millis() as i64 / 2;
                        }
                    }
                }
                return Err(error.into());
            }
        };
        let mut by_key: HashMap<&UsageKey, HashMap<Row, Counter>> = HashMap::new();
        for ((key, window, start), counter) in &totals {
            by_key
                .entry(key)
                .or_default()
                .insert((*window, *start), *counter);
        }
        for (key, _) in &sent {
            if let Some(state) = state_of(&mut keys, key) {
                state.in_flight = CountedUse::default();
            }
        }
        for (key, _) in &wanted {
            if let Some(state) = state_of(&mut keys, key) {
                state.totals = by_key.remove(key).unwrap_or_default();
            }
        }
        for (key, claim) in &planned {
            if let Some(state) = state_of(&mut keys, key) {
                state.take_claim(claim, now);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(limits: Limits) -> KeyState {
        KeyState {
            limits,
            ..Default::default()
        }
    }

    #[test]
    fn a_sliding_window_weighs_the_previous_window_by_what_it_still_covers() {
        let mut s = state(Limits {
            per_minute: Some(100),
            ..Default::default()
        });
        // A whole minute (a multiple of 60,000 ms).
        let minute = 1_800_000_000_000;
        let n = |n| Counter {
            n,
            claimed_by_others: 0,
        };
        s.totals
            .insert((LimitWindow::Minute, minute - 60_000), n(64));
        s.totals.insert((LimitWindow::Minute, minute), n(12));
        // A quarter into this minute, three quarters of the last one still count.
        let now = minute + 15_000;
        assert_eq!(s.estimate(LimitWindow::Minute, now), 60.0);
        // Full at 48 + 52: the previous window must fade to 47 for the next request.
        s.totals.insert((LimitWindow::Minute, minute), n(52));
        assert_eq!(s.wait_ms(LimitWindow::Minute, 100, now), 938);
        // Over within this window alone: wait for it to end and fade to half.
        s.totals.insert((LimitWindow::Minute, minute), n(200));
        assert_eq!(s.wait_ms(LimitWindow::Minute, 101, now), 45_000 + 30_000);
    }

    #[test]
    fn headers_name_each_limit_with_what_is_left() {
        let s = state(Limits {
            per_second: Some(10),
            per_day: Some(1000),
            ..Default::default()
        });
        let day = 1_800_000_000_000 - 1_800_000_000_000 % 86_400_000;
        let headers = s.headers(day + 86_400_000 - 1_500, false);
        assert_eq!(
            headers.policy,
            "\"second\";q=10;w=1, \"day\";q=1000;w=86400"
        );
        assert_eq!(headers.remaining, "\"second\";r=10;t=1, \"day\";r=1000;t=2");
    }

    #[test]
    fn a_claim_is_an_eighth_of_what_the_others_leave_and_holds_only_where_it_fits() {
        let mut s = state(Limits {
            per_day: Some(1000),
            ..Default::default()
        });
        let now = 1_800_000_000_000;
        let today = (LimitWindow::Day, LimitWindow::Day.start(now));
        let claim = |s: &mut KeyState, n, claimed_by_others| {
            s.totals.insert(
                today,
                Counter {
                    n,
                    claimed_by_others,
                },
            );
            let planned = s.plan_claim(now, true);
            s.take_claim(&planned, now);
            (planned.asked, s.budget)
        };
        assert_eq!(claim(&mut s, 0, 0), (125, 125));
        s.budget = 0;
        // 900 counted and 80 claimed by others leave 20: an eighth is 2.
        assert_eq!(claim(&mut s, 900, 80), (2, 2));
        // An unspent share is kept and topped up to an eighth, not added to.
        assert_eq!(claim(&mut s, 900, 80), (0, 2));
        s.budget = 0;
        // The others claimed all but one since: one is asked for and fits.
        assert_eq!(claim(&mut s, 900, 99), (1, 1));
        s.budget = 0;
        // Nothing left beside the others' claims: one is asked for, none holds, and the
        // requests get 429 from memory until the next batch.
        assert_eq!(claim(&mut s, 900, 100), (1, 0));
        assert!(s.full && s.claim_holds(now));
        // After such a batch an instance asks again only half the time, so that two asking
        // for the last request do not keep each other out for good.
        assert_eq!(s.plan_claim(now, false).asked, 0);
        assert_eq!(s.plan_claim(now, true).asked, 1);
        // A share is spent only in the first half of its lease, and not once its window ended.
        assert!(!s.claim_holds(now + 1_000));
        assert!(!s.claim_holds(LimitWindow::Day.next(today.1)));
    }

    #[test]
    fn the_last_share_claimed_by_another_instance_is_429_for_a_second() {
        let limiter = Limiter::default();
        let limits = Limits {
            per_day: Some(10),
            ..Default::default()
        };
        let now = 1_800_000_000_000;
        let today = (LimitWindow::Day, LimitWindow::Day.start(now));
        limiter.with_key("app", "svc", |s| {
            s.limits = limits;
            s.totals.insert(
                today,
                Counter {
                    n: 9,
                    claimed_by_others: 1,
                },
            );
            let planned = s.plan_claim(now, true);
            s.take_claim(&planned, now);
        });
        let Admission::OverLimit {
            retry_after,
            headers,
        } = limiter.admit("app", "svc", Some(&limits), now + 10, false)
        else {
            panic!("a share another instance holds is let through");
        };
        assert_eq!(retry_after, 1);
        assert!(headers.remaining.contains("r=0"), "{headers:?}");
        // Once the claim may no longer be spent, the request asks for a batch instead.
        assert_eq!(
            limiter.admit("app", "svc", Some(&limits), now + 1_000, false),
            Admission::Sync
        );
    }

    #[test]
    fn without_a_plan_nothing_is_limited_and_every_request_is_counted() {
        let limiter = Limiter::default();
        for _ in 0..3 {
            assert_eq!(
                limiter.admit("app", "svc", None, 1_000, false),
                Admission::Allowed(None)
            );
        }
        let keys = limiter.keys.lock().unwrap();
        let counted = &keys["app"]["svc"].counted;
        assert_eq!(counted.hours[&0].allowed, 3);
        assert!(counted.windows.is_empty());
    }

    #[test]
    fn a_plan_asks_for_a_batch_when_the_share_is_spent_and_refuses_over_the_limit() {
        let limiter = Limiter::default();
        let limits = Limits {
            per_minute: Some(2),
            ..Default::default()
        };
        let now = 1_800_000_000_000;
        // Never synced: the first request needs the totals.
        assert_eq!(
            limiter.admit("app", "svc", Some(&limits), now, false),
            Admission::Sync
        );
        assert!(matches!(
            limiter.admit("app", "svc", Some(&limits), now, true),
            Admission::Allowed(Some(_))
        ));
        assert!(matches!(
            limiter.admit("app", "svc", Some(&limits), now, true),
            Admission::Allowed(Some(_))
        ));
        let Admission::OverLimit {
            retry_after,
            headers,
        } = limiter.admit("app", "svc", Some(&limits), now, true)
        else {
            panic!("the third request in a minute of two is let through");
        };
        assert!(retry_after >= 1);
        assert!(headers.remaining.contains("r=0"), "{headers:?}");
    }
}
