//! Integration tests: the real server on a real SQLite file, driven over HTTP.
//! Files mirror the routes they exercise.

mod arrange;
mod helpers;
mod mail_sink;

mod account;
mod admin_api;
mod admins;
mod application_list;
mod applications;
mod attacks;
mod audit;
mod backup;
mod catalog;
mod credentials;
mod developers;
mod documents;
mod emails;
mod gateway;
mod health;
mod metrics;
mod plans;
mod recovery;
mod requests;
mod security;
mod services;
mod sessions;
mod signup;
mod store;
mod verification;
mod webhooks;
