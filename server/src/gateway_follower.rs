//! Keeps the native server's gateway index following the database: a tokio task checks the
//! gateway version every 200 ms (a rebuild when it moved), another adds the request counts
//! for plans and usage every 100 ms, another writes last-used times every 5 s.

use std::sync::Arc;

use crate::gateway::{Gateway, REFRESH_EVERY, SYNC_EVERY, USAGE_EVERY};

pub fn spawn(gateway: &Arc<Gateway>) {
    let follower = gateway.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(REFRESH_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(error) = follower.refresh().await {
                tracing::warn!(error = %error, "refreshing the gateway index");
            }
        }
    });
    let counter = gateway.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SYNC_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(error) = counter.sync_limits().await {
                tracing::warn!(error = %error, "counting requests against plans");
            }
        }
    });
    let recorder = gateway.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(USAGE_EVERY);
        loop {
            tick.tick().await;
            if let Err(error) = recorder.flush_usage().await {
                tracing::warn!(error = %error, "recording credential use");
            }
        }
    });
}
