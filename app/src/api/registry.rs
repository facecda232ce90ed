//! Every server function, named once: registered explicitly where the linker drops
//! `inventory`'s registrations (a server compiled to wasm32, as on Cloudflare Workers), and
//! checked against what `inventory` finds natively, so that a new `#[server]` function
//! cannot be left out of the list.

use leptos::server_fn::{axum, ServerFn};

/// Defines [`register_server_functions`] and [`server_function_paths`] from one list.
macro_rules! server_functions {
    ($($function:ident),* $(,)?) => {
        /// Registers every server function with the axum integration. Natively `inventory`
        /// has already done it (registering again changes nothing); on wasm32 it finds only
        /// some of them.
        pub fn register_server_functions() {
            $(axum::register_explicit::<super::$function>();)*
        }

        /// The path each server function answers on.
        pub fn server_function_paths() -> Vec<&'static str> {
            vec![$(<super::$function as ServerFn>::PATH),*]
        }
    };
}

server_functions!(
    // Accounts and sessions.
    SignUp,
    ConfirmEmail,
    ResendConfirmation,
    SignIn,
    SignOut,
    CurrentViewer,
    RequestPasswordReset,
    ResetPassword,
    ChangeName,
    ChangeEmail,
    ConfirmEmailChange,
    ChangePassword,
    DeleteAccount,
    // The portal: services, applications, credentials.
    Catalog,
    CatalogVisible,
    GetService,
    MyApplications,
    CreateApplication,
    UpdateApplication,
    DeleteApplication,
    GetApplication,
    RegisterApplication,
    GenerateCredential,
    TakeNewCredential,
    RollCredential,
    EditCredential,
    DeleteCredential,
    // The console.
    DeveloperRequests,
    RegistrationRequests,
    ListDevelopers,
    GetDeveloper,
    ActOnDeveloper,
    InviteDevelopers,
    ListApplications,
    ActOnRegistration,
    SetApplicationGroups,
    ListServices,
    GetServiceForm,
    SaveService,
    PublishService,
    GetPortalSettings,
    SavePortalSettings,
    ListAdmins,
    AddAdmin,
    ChangeAdmin,
    AuditLog,
    RecentEmails,
    ListApiTokens,
    CreateApiToken,
    RevokeApiToken,
    ListWebhooks,
    CreateWebhook,
    DeleteWebhook,
    SendTestWebhook,
    RedeliverWebhook,
    ListPlans,
    SavePlan,
    DeletePlan,
    SetRegistrationPlan,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_names_every_server_function_inventory_finds() {
        let mut found: Vec<&str> = axum::server_fn_paths().map(|(path, _)| path).collect();
        let mut listed = server_function_paths();
        found.sort_unstable();
        listed.sort_unstable();
        assert_eq!(
            listed, found,
            "add the new server function to `server_functions!` in app/src/api/registry.rs"
        );
    }
}
