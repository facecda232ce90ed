//! Argon2id password hashing on a small pool of threads of its own. Each hash needs 19 MiB:
//! the pool computes at most one per thread (the cores by default), each thread reuses one
//! memory block for all its hashes, and a request that finds every thread busy for more
//! than a moment is refused as [`PasswordError::Busy`]. So no burst of sign-ins, wrong or
//! right, can make the process grow beyond a fixed figure.

use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::time::Duration;

use app::model::Password;
use argon2::{
    password_hash::{rand_core::OsRng, Output, PasswordHash, SaltString},
    Algorithm, Argon2, Block, Params, Version,
};
use tokio::sync::{oneshot, OwnedSemaphorePermit, Semaphore};

/// How long a request waits for a free hashing thread before it is refused.
const WAIT_FOR_HASHER: Duration = Duration::from_secs(2);

/// OWASP's first recommended Argon2id configuration: 19 MiB, 2 passes, 1 lane.
fn params() -> Params {
    Params::new(19 * 1024, 2, 1, Some(32)).expect("valid Argon2 parameters")
}

fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params())
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// Every hashing thread was busy for the whole wait: try again in a moment.
    #[error("every password hasher is busy")]
    Busy,
    #[error("password hashing failed: {0}")]
    Failed(String),
}

enum Work {
    Hash(oneshot::Sender<Result<String, PasswordError>>),
    Verify(Option<String>, oneshot::Sender<Result<bool, PasswordError>>),
}

/// A hash to compute, holding its thread's permit until it is done: a caller that gives up
/// (a client that went away) frees nothing a thread is still working for.
struct Job {
    password: Password,
    work: Work,
    _permit: OwnedSemaphorePermit,
}

struct Pool {
    /// One permit per thread, held by a job until it is computed: so at most one job per
    /// thread is ever queued or running, and a caller that finds none free within the wait
    /// is refused.
    free: Arc<Semaphore>,
    jobs: Mutex<mpsc::Sender<Job>>,
}

static POOL: OnceLock<Pool> = OnceLock::new();

/// Sets how many hashes run at once. Takes effect only before the first hash; later calls
/// (another server in the same process, as in tests) keep the first figure.
pub fn configure_hashing(threads: u32) {
    POOL.get_or_init(|| Pool::start(threads.max(1) as usize));
}

fn pool() -> &'static Pool {
    POOL.get_or_init(|| Pool::start(std::thread::available_parallelism().map_or(2, |n| n.get())))
}

impl Pool {
    fn start(threads: usize) -> Self {
        // Made now, so the first unknown-account sign-in costs no more than the others.
        dummy_hash();
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..threads {
            let receiver = receiver.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || {
                    // Reused by every hash this thread computes.
                    let mut memory = vec![Block::default(); params().block_count()];
                    loop {
                        let job = match receiver.lock() {
                            Ok(receiver) => receiver.recv(),
                            Err(_) => return,
                        };
                        let Ok(job) = job else { return };
                        run_job(job, &mut memory);
                    }
                })
                .expect("starting a password hashing thread");
        }
        Self {
            free: Arc::new(Semaphore::new(threads)),
            jobs: Mutex::new(sender),
        }
    }

    async fn run<T>(
        &self,
        password: Password,
        work: impl FnOnce(oneshot::Sender<Result<T, PasswordError>>) -> Work,
    ) -> Result<T, PasswordError> {
        let permit = tokio::time::timeout(WAIT_FOR_HASHER, self.free.clone().acquire_owned())
            .await
            .map_err(|_| PasswordError::Busy)?
            .map_err(|_| PasswordError::Failed("the hashing pool is closed".into()))?;
        let (reply, answer) = oneshot::channel();
        let job = Job {
            password,
            work: work(reply),
            _permit: permit,
        };
        self.jobs
            .lock()
            .map_err(|_| PasswordError::Failed("the hashing pool is poisoned".into()))?
            .send(job)
            .map_err(|_| PasswordError::Failed("the hashing pool stopped".into()))?;
        answer
            .await
            .map_err(|_| PasswordError::Failed("a hashing thread stopped".into()))?
    }
}

/// Computes a job unless its caller has gone; a panic fails the job, not the thread.
fn run_job(job: Job, memory: &mut [Block]) {
    let Job { password, work, .. } = job;
    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match work {
        Work::Hash(reply) if !reply.is_closed() => {
            let _ = reply.send(hash_now(&password, memory));
        }
        Work::Verify(stored, reply) if !reply.is_closed() => {
            let _ = reply.send(verify_now(&password, stored, memory));
        }
        // The caller went away: nothing to compute.
        _ => {}
    }));
    if ran.is_err() {
        tracing::error!("a password hash panicked; its caller gets an error");
    }
}

/// Hashes a new password into a PHC string (salt and parameters included).
pub async fn hash_password(password: Password) -> Result<String, PasswordError> {
    pool().run(password, Work::Hash).await
}

/// Checks `password` against `stored`. With no stored hash (unknown account) a dummy hash is
/// checked instead, so the answer takes as long either way and reveals nothing.
pub async fn verify_password(
    password: Password,
    stored: Option<String>,
) -> Result<bool, PasswordError> {
    pool()
        .run(password, |reply| Work::Verify(stored, reply))
        .await
}

fn failed(error: impl std::fmt::Display) -> PasswordError {
    PasswordError::Failed(error.to_string())
}

fn hash_now(password: &Password, memory: &mut [Block]) -> Result<String, PasswordError> {
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes).map_err(failed)?;
    let output = compute(&argon2(), password, salt_bytes, 32, memory)?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: (&params()).try_into().map_err(failed)?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(hash.to_string())
}

fn verify_now(
    password: &Password,
    stored: Option<String>,
    memory: &mut [Block],
) -> Result<bool, PasswordError> {
    let known = stored.is_some();
    let stored = stored.unwrap_or_else(|| dummy_hash().to_string());
    let parsed = PasswordHash::new(&stored)
        .map_err(|e| failed(format!("stored password hash is unreadable: {e}")))?;
    let (Some(expected), Some(salt)) = (parsed.hash, parsed.salt) else {
        return Err(failed("stored password hash has no salt or output"));
    };
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(failed)?;
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()
        .map_err(failed)?
        .unwrap_or_default();
    let stored_params = Params::try_from(&parsed).map_err(failed)?;
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes).map_err(failed)?;
    let mut other_memory;
    // A hash made with other parameters gets memory of its own (none are made here).
    let memory = if stored_params.block_count() == memory.len() {
        memory
    } else {
        other_memory = vec![Block::default(); stored_params.block_count()];
        &mut other_memory[..]
    };
    let hasher = Argon2::new(algorithm, version, stored_params);
    let computed = compute(&hasher, password, salt_bytes, expected.len(), memory)?;
    // `Output` compares in constant time.
    Ok(known && computed == expected)
}

/// Argon2 of `password` and `salt` into `len` bytes, computed in `memory`.
fn compute(
    hasher: &Argon2<'_>,
    password: &Password,
    salt: &[u8],
    len: usize,
    memory: &mut [Block],
) -> Result<Output, PasswordError> {
    Output::init_with(len, |out| {
        hasher
            .hash_password_into_with_memory(password.expose().as_bytes(), salt, out, &mut *memory)
            .map_err(|_| argon2::password_hash::Error::Crypto)
    })
    .map_err(failed)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let filler = Password::parse_new("no account has this password").expect("valid filler");
        let mut memory = vec![Block::default(); params().block_count()];
        hash_now(&filler, &mut memory).expect("hashing the dummy password")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::{PasswordHasher, PasswordVerifier};

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let password = Password::parse_new("correct horse battery").unwrap();
        let hash = hash_password(password.clone()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password(password, Some(hash.clone())).await.unwrap());
        let wrong = Password::parse_attempt("incorrect horse").unwrap();
        assert!(!verify_password(wrong, Some(hash)).await.unwrap());
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        let filler = Password::parse_attempt("no account has this password").unwrap();
        assert!(!verify_password(filler, None).await.unwrap());
    }

    #[tokio::test]
    async fn hashes_agree_with_the_reference_implementation() {
        // Ours verify with the argon2 crate's own verifier, and the crate's verify with ours.
        let password = Password::parse_new("correct horse battery").unwrap();
        let ours = hash_password(password.clone()).await.unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(argon2()
            .verify_password(password.expose().as_bytes(), &parsed)
            .is_ok());
        let salt = SaltString::generate(&mut OsRng);
        let theirs = argon2()
            .hash_password(password.expose().as_bytes(), &salt)
            .unwrap()
            .to_string();
        assert!(verify_password(password.clone(), Some(theirs))
            .await
            .unwrap());
        // Other parameters still verify (with memory of their own).
        let light = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 1, 1, None).unwrap(),
        )
        .hash_password(password.expose().as_bytes(), &salt)
        .unwrap()
        .to_string();
        assert!(verify_password(password, Some(light)).await.unwrap());
    }

    #[tokio::test]
    async fn a_request_that_finds_every_hasher_busy_is_refused() {
        let pool = Pool::start(1);
        let held = pool.free.clone().acquire_owned().await.unwrap();
        let password = Password::parse_new("correct horse battery").unwrap();
        let started = std::time::Instant::now();
        let refused = pool.run(password.clone(), Work::Hash).await;
        assert!(matches!(refused, Err(PasswordError::Busy)));
        assert!(started.elapsed() >= WAIT_FOR_HASHER);
        drop(held);
        assert!(pool.run(password, Work::Hash).await.is_ok());
    }

    #[tokio::test]
    async fn a_caller_that_gives_up_keeps_its_thread_taken_until_the_hash_is_done() {
        let pool = Pool::start(1);
        let password = Password::parse_new("correct horse battery").unwrap();
        // Sent to the thread, then abandoned while it computes (a client that went away).
        let abandoned = tokio::time::timeout(
            std::time::Duration::from_millis(3),
            pool.run(password.clone(), Work::Hash),
        )
        .await;
        assert!(abandoned.is_err());
        assert_eq!(
            pool.free.available_permits(),
            0,
            "the thread is still taken"
        );
        let started = std::time::Instant::now();
        while pool.free.available_permits() == 0 {
            assert!(started.elapsed() < std::time::Duration::from_secs(5));
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        assert!(pool.run(password, Work::Hash).await.is_ok());
    }
}
