//! The worker threads every batch runs on.

/// Typst recurses deeply while laying out a letter; the 2 MiB default stack
/// of a spawned thread is not enough for it. Rayon's workers get 16 MiB
/// (only touched pages are ever resident).
pub const STACK_SIZE: usize = 16 * 1024 * 1024;

/// Sets up the global thread pool: one worker per core, with stacks large
/// enough for Typst. Call once, before any parallel work; later calls (and
/// a pool that is already running) are left alone.
pub fn configure() {
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(STACK_SIZE)
        .build_global();
}
