//! `/login`: developer sign-in.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::SignInForm;
use crate::model::Realm;

#[component]
pub fn LoginPage() -> impl IntoView {
    view! {
        <Title text="Sign in — Gatehouse"/>
        <section class="panel narrow">
            <h1>"Sign in to the developer portal"</h1>
            <SignInForm realm=Realm::Portal/>
            <p class="aside"><a href="/forgot-password">"Forgot your password?"</a></p>
            <p class="aside">
                "Signed up recently? Open the link we e-mailed you first: an address that is \
                 not confirmed yet cannot sign in."
            </p>
            <p class="aside">
                "New here? " <a href="/signup">"Create a developer account"</a>
            </p>
        </section>
    }
}
