//! `pto schema`: the JSON Schema of a case file, for editors (completion,
//! hover texts and red underlines while typing; see the README).

use super::{Status, output};
use crate::case::schema::case_file_schema;

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_args: Args) -> Status {
    output::print(&format!("{:#}\n", case_file_schema()));
    Status::Ok
}
