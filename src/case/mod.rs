//! The case file: its YAML, its typed model, and its strict loading.

mod load;
mod model;
pub(crate) mod read;
pub mod reference;
pub mod schema;
pub mod yaml;

pub use load::{
    Loaded, MAX_FILE_BYTES, bytes_to_text, elfproef, io_message, load_file, load_str, read_regular,
    read_text,
};
pub use model::*;
