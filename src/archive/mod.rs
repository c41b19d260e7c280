//! Archive: issued decisions on disk, their register and their metadata.

pub mod files;
pub mod mdto;
pub mod register;
pub mod store;
pub mod verify;

pub use register::{
    Channel, Entry, Problem, REGISTER, Register, RegisteredPeriod, Sent, Signature, in_force,
};
pub use store::{Archive, ArchiveError, CONCEPT_DIR, Issued, read_register};

/// The SHA-256 of `bytes`, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
