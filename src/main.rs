fn main() -> std::process::ExitCode {
    give_back_freed_memory();
    lofte::cli::main()
}

/// glibc's malloc serves a block of 128 KiB or more from its own mapping,
/// given back to the system when it is freed, but raises that threshold
/// to the size of every such block freed, up to 32 MiB. A report's stages
/// each free lists of a few MiB (one entry per row), so the next stage's
/// lists came from the heap, and their memory stayed with the process
/// after they were freed: 10–30 MiB of a million-row report's peak
/// (BENCHMARKS.md, section 10). Setting the threshold keeps it where it
/// starts.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn give_back_freed_memory() {
    // SAFETY: mallopt only sets a parameter of the allocator; it is called
    // first thing in main, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Other allocators keep no such threshold.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn give_back_freed_memory() {}
