//! The Worker's platform: JavaScript's clock, the runtime's timer, and heavy work (Argon2)
//! inline, since an isolate has one thread.

use std::time::Duration;

use gatehouse_core::platform::{HeavyJob, HeavyWorkError, Platform};
use worker::send::SendFuture;

pub struct WorkerPlatform;

#[async_trait::async_trait]
impl Platform for WorkerPlatform {
    fn now_millis(&self) -> i64 {
        js_sys::Date::now() as i64
    }

    async fn sleep(&self, duration: Duration) {
        SendFuture::new(worker::Delay::from(duration)).await;
    }

    async fn run_heavy(&self, job: HeavyJob) -> Result<(), HeavyWorkError> {
        job();
        Ok(())
    }
}
