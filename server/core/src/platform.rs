//! What the rules need from the platform they run on, injected rather than assumed: the
//! time, a timer, and a place for CPU-heavy work (Argon2, parsing a large OpenAPI document).
//! The native server runs the heavy work on a bounded pool of threads; a Worker, which has
//! one thread, runs it inline. Nothing else in this crate reads a clock or spawns a thread,
//! so the same rules compile for `wasm32-unknown-unknown`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A piece of CPU-heavy work, handed to [`Platform::run_heavy`].
pub type HeavyJob = Box<dyn FnOnce() + Send>;

/// Why heavy work did not run.
#[derive(Debug, thiserror::Error)]
pub enum HeavyWorkError {
    /// Every worker stayed busy for the whole wait: try again in a moment.
    #[error("every worker is busy")]
    Busy,
    /// The work panicked, or the workers stopped.
    #[error("heavy work failed: {0}")]
    Failed(String),
}

#[async_trait::async_trait]
pub trait Platform: Send + Sync + 'static {
    /// Milliseconds since the Unix epoch.
    fn now_millis(&self) -> i64;

    /// Waits for `duration` without blocking other requests.
    async fn sleep(&self, duration: Duration);

    /// Runs `job` where CPU-heavy work belongs, and returns once it has run.
    async fn run_heavy(&self, job: HeavyJob) -> Result<(), HeavyWorkError>;
}

pub type SharedPlatform = Arc<dyn Platform>;

/// Runs `work` through the platform's heavy-work hook and hands back its result.
pub async fn heavy<T: Send + 'static>(
    platform: &dyn Platform,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, HeavyWorkError> {
    let slot = Arc::new(Mutex::new(None));
    let filled = slot.clone();
    platform
        .run_heavy(Box::new(move || {
            let result = work();
            if let Ok(mut slot) = filled.lock() {
                *slot = Some(result);
            }
        }))
        .await?;
    let result = slot.lock().ok().and_then(|mut slot| slot.take());
    result.ok_or_else(|| HeavyWorkError::Failed("the work returned nothing".into()))
}

/// Waits until `floor` has passed since `started` (milliseconds from [`Platform::now_millis`]),
/// so an answer takes as long whichever way it went.
pub async fn wait_until_floor(platform: &dyn Platform, started: i64, floor: Duration) {
    let elapsed = platform.now_millis().saturating_sub(started).max(0) as u64;
    let floor = floor.as_millis() as u64;
    if elapsed < floor {
        platform.sleep(Duration::from_millis(floor - elapsed)).await;
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! A platform for unit tests: the real clock, tokio's timer, heavy work inline.
    use super::*;

    pub struct TestPlatform;

    #[async_trait::async_trait]
    impl Platform for TestPlatform {
        fn now_millis(&self) -> i64 {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or_default()
        }
        async fn sleep(&self, duration: Duration) {
            tokio::time::sleep(duration).await;
        }
        async fn run_heavy(&self, job: HeavyJob) -> Result<(), HeavyWorkError> {
            job();
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::TestPlatform;
    use super::*;

    #[tokio::test]
    async fn heavy_work_hands_back_its_result() {
        assert_eq!(heavy(&TestPlatform, || 6 * 7).await.unwrap(), 42);
    }

    #[tokio::test]
    async fn an_answer_waits_for_its_floor_only_when_it_came_early() {
        let platform = TestPlatform;
        let started = platform.now_millis();
        wait_until_floor(&platform, started, Duration::from_millis(40)).await;
        assert!(platform.now_millis() - started >= 40);
        let late = platform.now_millis() - 1_000;
        let before = platform.now_millis();
        wait_until_floor(&platform, late, Duration::from_millis(40)).await;
        assert!(platform.now_millis() - before < 40);
    }
}
