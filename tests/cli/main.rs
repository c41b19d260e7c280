//! End-to-end tests of the `pto` binary: one test binary, a module per topic
//! (docs/architecture.md, "Tests").

mod common;
#[path = "../support/pki.rs"]
mod pki;
#[path = "../support/validators.rs"]
mod validators;

mod archive;
mod decide;
mod fuzz;
mod hostile;
mod input_errors;
mod letters;
mod policy;
mod repository;
mod review;
mod schema;
mod signing;
mod workflow;
