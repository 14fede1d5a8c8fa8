//! How glibc's malloc gives memory back, set for the stages of a run
//! (Linux with glibc only; other allocators keep no such thresholds).
//!
//! glibc serves a block of 128 KiB or more from a mapping of its own,
//! unmapped when the block is freed, but raises that threshold to the size
//! of every such block freed (up to 32 MiB), and the threshold for giving
//! back the top of its heap with it. A report's stages each free lists of
//! a few MiB (one entry per row of the log), so the next stage's lists came
//! from the heap and stayed with the process once freed: 10–30 MiB of a
//! million-row report's peak (BENCHMARKS.md, section 10). Rendering is the
//! opposite case: typst allocates deflate states and tables of a few
//! hundred KiB for every document, and a batch mapping each of them took
//! 5–13 % more CPU.

/// Before any log is read: blocks of 128 KiB or more get mappings of their
/// own, and the heap's top is kept up to 8 MiB (given back at every
/// 128 KiB, a batch's heap shrank and grew again all the time).
pub fn for_reading() {
    set(128 << 10, 8 << 20);
}

/// For a batch of agreements: blocks below 1 MiB come from the heap.
/// Each document's deflate states and layout tables are then reused, not
/// mapped anew; the lists of a million-row log are larger than 1 MiB and
/// still mapped. (For one report it would raise a million-row log's peak
/// by about 2 MiB, in its layout, for a few milliseconds saved.)
pub fn for_many_documents() {
    set(1 << 20, 8 << 20);
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn set(mmap_threshold: i32, trim_threshold: i32) {
    // SAFETY: mallopt only sets parameters of the allocator, under its own
    // lock; a value it refuses leaves the parameter as it was.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, mmap_threshold);
        libc::mallopt(libc::M_TRIM_THRESHOLD, trim_threshold);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn set(_mmap_threshold: i32, _trim_threshold: i32) {}
