//! `/admin/login`: admin sign-in to the console.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::SignInForm;
use crate::model::Realm;

#[component]
pub fn AdminLoginPage() -> impl IntoView {
    view! {
        <Title text="Console sign-in — Gatehouse"/>
        <section class="panel narrow">
            <h1>"Sign in to the console"</h1>
            <p class="lead">"For the team that runs this portal. Developers sign in " <a href="/login">"here"</a> "."</p>
            <SignInForm realm=Realm::Console/>
        </section>
    }
}
