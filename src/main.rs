fn main() -> std::process::ExitCode {
    ignore_file_size_signal();
    design_advisor::cli::main()
}

/// A write past the file-size limit (`ulimit -f`) kills a process by default (SIGXFSZ).
/// Ignoring the signal turns it into an ordinary write error (EFBIG), which the atomic
/// writer reports with the file's name while the previous file stays intact.
#[cfg(unix)]
fn ignore_file_size_signal() {
    const SIGXFSZ: i32 = 25;
    const SIG_IGN: usize = 1;
    unsafe extern "C" {
        fn signal(signum: i32, handler: usize) -> usize;
    }
    // SAFETY: setting a signal to "ignore" at start-up, before any other thread exists,
    // has no preconditions; SIGXFSZ is 25 on Linux (x86-64 and aarch64).
    unsafe {
        signal(SIGXFSZ, SIG_IGN);
    }
}

#[cfg(not(unix))]
fn ignore_file_size_signal() {}
