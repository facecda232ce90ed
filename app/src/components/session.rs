//! The signed-in viewer, loaded once per page and refreshed after sign-in or sign-out.

use leptos::prelude::*;

use crate::api::current_viewer;
use crate::error::AppError;
use crate::model::Viewer;

#[derive(Clone, Copy)]
pub struct Session {
    pub viewer: Resource<Result<Viewer, AppError>>,
    version: RwSignal<u32>,
}

impl Session {
    /// Loads the viewer again (after the session cookie changed).
    pub fn refresh(&self) {
        self.version.update(|v| *v += 1);
    }
}

pub fn provide_session() {
    let version = RwSignal::new(0u32);
    let viewer = Resource::new(move || version.get(), |_| current_viewer());
    provide_context(Session { viewer, version });
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
