//! pto: parttime ondernemen — case files in, checked findings and archivable
//! decisions out.
//!
//! The pipeline runs in one direction (see docs/architecture.md):
//! `case` (load) → `rules` (check) → `settle` → `decide` → `letter` (render)
//! → `archive`. Only loading and archiving touch the disk.

pub mod archive;
pub mod calendar;
pub mod case;
pub mod cli;
pub mod decide;
pub mod diag;
pub mod format;
pub mod git;
pub mod invisible;
pub mod issue;
pub mod letter;
pub mod repo;
pub mod review;
pub mod rules;
pub mod settings;
pub mod settle;
pub mod sign;
pub mod threads;
