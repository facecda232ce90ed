//! The native platform the rules run on: the system clock, tokio's timer, and CPU-heavy
//! work (Argon2 above all, at 19 MiB a hash) on a small pool of threads of its own. The pool
//! runs at most one job per thread (the cores by default), and a request that finds every
//! thread busy for more than a moment is refused as busy. So no burst of sign-ins, wrong or
//! right, can make the process grow beyond a fixed figure.

use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::time::Duration;

use gatehouse_core::platform::{HeavyJob, HeavyWorkError, Platform, SharedPlatform};
use tokio::sync::{oneshot, OwnedSemaphorePermit, Semaphore};

/// How long a request waits for a free thread before it is refused.
const WAIT_FOR_WORKER: Duration = Duration::from_secs(2);

pub struct NativePlatform {
    pool: &'static HeavyPool,
}

/// One pool per process, so the memory heavy work takes is bounded for the whole process.
static POOL: OnceLock<HeavyPool> = OnceLock::new();

impl NativePlatform {
    /// The platform whose heavy work runs on `threads` threads. The pool is the process's:
    /// the first figure given is kept (another server in the same process, as in tests,
    /// shares it).
    pub fn shared(threads: u32) -> SharedPlatform {
        gatehouse_core::auth::prepare_dummy_hash();
        Arc::new(Self {
            pool: POOL.get_or_init(|| HeavyPool::start(threads.max(1) as usize)),
        })
    }
}

#[async_trait::async_trait]
impl Platform for NativePlatform {
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
        self.pool.run(job).await
    }
}

/// A job to run, holding its thread's permit until it is done: a caller that gives up (a
/// client that went away) frees nothing a thread is still working for.
struct Queued {
    job: HeavyJob,
    done: oneshot::Sender<Result<(), HeavyWorkError>>,
    _permit: OwnedSemaphorePermit,
}

struct HeavyPool {
    /// One permit per thread, held by a job until it has run: so at most one job per thread
    /// is ever queued or running, and a caller that finds none free within the wait is
    /// refused.
    free: Arc<Semaphore>,
    jobs: Mutex<mpsc::Sender<Queued>>,
}

impl HeavyPool {
    fn start(threads: usize) -> Self {
        let (sender, receiver) = mpsc::channel::<Queued>();
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..threads {
            let receiver = receiver.clone();
            std::thread::Builder::new()
                .name(format!("heavy-{n}"))
                .spawn(move || loop {
                    let queued = match receiver.lock() {
                        Ok(receiver) => receiver.recv(),
                        Err(_) => return,
                    };
                    let Ok(queued) = queued else { return };
                    run_queued(queued);
                })
                .expect("starting a worker thread");
        }
        Self {
            free: Arc::new(Semaphore::new(threads)),
            jobs: Mutex::new(sender),
        }
    }

    async fn run(&self, job: HeavyJob) -> Result<(), HeavyWorkError> {
        let permit = tokio::time::timeout(WAIT_FOR_WORKER, self.free.clone().acquire_owned())
            .await
            .map_err(|_| HeavyWorkError::Busy)?
            .map_err(|_| HeavyWorkError::Failed("the worker pool is closed".into()))?;
        let (done, finished) = oneshot::channel();
        let queued = Queued {
            job,
            done,
            _permit: permit,
        };
        self.jobs
            .lock()
            .map_err(|_| HeavyWorkError::Failed("the worker pool is poisoned".into()))?
            .send(queued)
            .map_err(|_| HeavyWorkError::Failed("the worker pool stopped".into()))?;
        finished
            .await
            .map_err(|_| HeavyWorkError::Failed("a worker thread stopped".into()))?
    }
}

/// Runs a job unless its caller has gone; a panic fails the job, not the thread.
fn run_queued(queued: Queued) {
    let Queued { job, done, .. } = queued;
    if done.is_closed() {
        // The caller went away: nothing to compute.
        return;
    }
    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
    let outcome = ran.map_err(|_| {
        tracing::error!("heavy work panicked; its caller gets an error");
        HeavyWorkError::Failed("the work panicked".into())
    });
    let _ = done.send(outcome);
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::Password;
    use gatehouse_core::auth::hash_password;

    #[tokio::test]
    async fn a_request_that_finds_every_worker_busy_is_refused() {
        let platform = NativePlatform {
            pool: Box::leak(Box::new(HeavyPool::start(1))),
        };
        let held = platform.pool.free.clone().acquire_owned().await.unwrap();
        let password = Password::parse_new("correct horse battery").unwrap();
        let started = std::time::Instant::now();
        let refused = hash_password(&platform, password.clone()).await;
        assert!(matches!(
            refused,
            Err(gatehouse_core::auth::PasswordError::Busy)
        ));
        assert!(started.elapsed() >= WAIT_FOR_WORKER);
        drop(held);
        assert!(hash_password(&platform, password).await.is_ok());
    }

    #[tokio::test]
    async fn a_caller_that_gives_up_keeps_its_thread_taken_until_the_work_is_done() {
        let platform = NativePlatform {
            pool: Box::leak(Box::new(HeavyPool::start(1))),
        };
        let password = Password::parse_new("correct horse battery").unwrap();
        // Sent to the thread, then abandoned while it computes (a client that went away).
        let abandoned = tokio::time::timeout(
            Duration::from_millis(3),
            hash_password(&platform, password.clone()),
        )
        .await;
        assert!(abandoned.is_err());
        assert_eq!(
            platform.pool.free.available_permits(),
            0,
            "the thread is still taken"
        );
        let started = std::time::Instant::now();
        while platform.pool.free.available_permits() == 0 {
            assert!(started.elapsed() < Duration::from_secs(5));
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert!(hash_password(&platform, password).await.is_ok());
    }

    #[tokio::test]
    async fn a_panic_fails_its_job_and_the_thread_keeps_working() {
        let platform = NativePlatform {
            pool: Box::leak(Box::new(HeavyPool::start(1))),
        };
        let failed = platform.run_heavy(Box::new(|| panic!("boom"))).await;
        assert!(matches!(failed, Err(HeavyWorkError::Failed(_))));
        let answer = gatehouse_core::platform::heavy(&platform, || 6 * 7).await;
        assert_eq!(answer.unwrap(), 42);
    }
}
