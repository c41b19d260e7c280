//! The worker threads every batch runs on.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Typst recurses deeply while laying out a letter; the 2 MiB default stack
/// of a spawned thread is not enough for it. Workers get 16 MiB (only
/// touched pages are ever resident).
pub const STACK_SIZE: usize = 16 * 1024 * 1024;

/// Sets up the global thread pool: one worker per core, with stacks large
/// enough for Typst. Call once, before any parallel work; later calls (and
/// a pool that is already running) are left alone.
pub fn configure() {
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(STACK_SIZE)
        .build_global();
}

/// `f` over every item, one worker per core, each worker a rayon pool of
/// its own with one thread; results in the order of `items`.
///
/// Letters are typeset here rather than with rayon's `par_iter` on the
/// global pool: Typst itself runs parts of a compilation on rayon, and a
/// worker that waits for such a part steals other work meanwhile, which may
/// be the next letter. Letters then nest on one stack, each holding its
/// memory until the ones above it finish (measured on 1,000 settlements:
/// 2 GB resident). Plain threads that hand Typst's parts to a shared pool
/// do not nest, but wait for their parts behind the other letters' parts:
/// two threads were hardly faster than one. With a pool per worker, a
/// letter's parts run on its own thread, and the cores stay busy.
pub fn map_on_workers<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let r = f(item);
            results
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((i, r));
        }
    };
    // One single-thread pool per worker: what Typst hands to rayon runs on
    // the worker's own thread, beside no other letter.
    let pools: Vec<rayon::ThreadPool> = (0..workers)
        .filter_map(|i| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .stack_size(STACK_SIZE)
                .thread_name(move |_| format!("pto-worker-{i}"))
                .build()
                .ok()
        })
        .collect();
    std::thread::scope(|s| {
        for pool in &pools {
            s.spawn(move || pool.install(work));
        }
    });
    // No pool could be started: do the work here, slowly but surely.
    if pools.is_empty() {
        work();
    }
    let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u32> = (0..1000).collect();
        let doubled = map_on_workers(&items, |n| n * 2);
        assert_eq!(doubled, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn no_items_no_results() {
        let none: Vec<u32> = Vec::new();
        assert!(map_on_workers(&none, |n| *n).is_empty());
    }
}
