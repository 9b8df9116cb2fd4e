use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    return_memory_to_the_system();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build();
    match runtime {
        Ok(runtime) => runtime.block_on(porten::cli::run(porten::cli::Cli::parse())),
        Err(error) => {
            eprintln!("porten: no async runtime: {error}");
            ExitCode::FAILURE
        }
    }
}

/// glibc keeps an arena per thread (up to eight per core) and, once a large
/// block is freed, serves the next from the heap it keeps: a server that
/// checked a few passwords would hold their memory for good. Large blocks
/// (Argon2's) are mapped and unmapped instead, and two arenas serve all.
fn return_memory_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator options; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}
