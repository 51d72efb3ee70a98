//! Time to first frame in a real terminal, and peak memory.
//!
//! Runs each program many times, interleaved (A B C D A B C D ...), inside a private tmux
//! server at 120x40, one at a time, and prints median, p10 and p90 per program, the
//! ratios of the medians, and peak RSS:
//!
//! - design-advisor with an empty key script on an empty project root: it draws the
//!   start screen and quits at once;
//! - the minimal ratatui program (examples/minimal_frame.rs): init, one frame, restore;
//! - `dialog --infobox hello 5 20` (skipped, and said so, when dialog is not installed);
//! - design-advisor opening an example session and walking a few steps (for memory with a
//!   session loaded; its time is shown but is not one of the compared figures).
//!
//! To time a program from spawn to exit inside the terminal, tmux runs this same
//! executable as a small wrapper (`startup --child OUT PROGRAM ARGS...`): it notes the
//! time, spawns the program with the terminal inherited, waits for it, and writes the
//! elapsed nanoseconds, the child's peak RSS, CPU time and minor page faults
//! (getrusage(RUSAGE_CHILDREN)), its exit status and the terminal size to OUT. The wrapper's own start-up is not timed.
//!
//! Run: cargo bench --bench startup           (STARTUP_RUNS=N to change the 30 rounds)
//! It only runs under `cargo bench` (or with --bench); `cargo test --all-targets` skips it.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;
const WARMUP_ROUNDS: usize = 3;
const DEFAULT_ROUNDS: usize = 30;
/// How long one program may take before the run is declared stuck.
const RUN_TIMEOUT: Duration = Duration::from_secs(30);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--child") {
        return child(&args[2..]);
    }
    if !args.iter().any(|a| a == "--bench") {
        println!("startup: not run (run it with `cargo bench --bench startup`)");
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("startup bench: {e}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------------------
// The wrapper tmux runs.

/// `--child OUT PROGRAM ARGS...`: times PROGRAM from spawn to exit with the terminal
/// inherited, then writes one line to OUT (atomically, through a rename).
fn child(args: &[String]) -> ExitCode {
    let [out, program, rest @ ..] = args else {
        eprintln!("usage: startup --child OUT PROGRAM [ARGS...]");
        return ExitCode::from(2);
    };
    let (cols, rows) = crossterm::terminal::size().unwrap_or((0, 0));
    let start = Instant::now();
    let status = Command::new(program).args(rest).status();
    let elapsed = start.elapsed();
    let usage = rusage::children();
    let line = match status {
        Ok(status) => format!(
            "ok {} {} {} {} {} {} {}x{}\n",
            elapsed.as_nanos(),
            usage.max_rss_kib,
            usage.minor_faults,
            usage.user.as_nanos(),
            usage.system.as_nanos(),
            status
                .code()
                .map_or("signal".to_string(), |c| c.to_string()),
            cols,
            rows
        ),
        Err(e) => format!("error cannot start {program}: {e}\n"),
    };
    let tmp = format!("{out}.tmp");
    if std::fs::write(&tmp, line)
        .and_then(|_| std::fs::rename(&tmp, out))
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Peak RSS and CPU time of the reaped children, without the libc crate: std links the C
/// library anyway, so getrusage is declared here (Linux layout).
mod rusage {
    use std::time::Duration;

    pub struct Usage {
        pub max_rss_kib: i64,
        /// Pages first touched (page faults served without reading the disk).
        pub minor_faults: i64,
        pub user: Duration,
        pub system: Duration,
    }

    #[cfg(target_os = "linux")]
    pub fn children() -> Usage {
        use std::os::raw::{c_int, c_long};
        #[repr(C)]
        #[derive(Default)]
        struct Timeval {
            tv_sec: i64,
            tv_usec: c_long,
        }
        /// struct rusage: two timevals, then 14 longs (ru_maxrss first, ru_minflt fifth).
        #[repr(C)]
        #[derive(Default)]
        struct Rusage {
            ru_utime: Timeval,
            ru_stime: Timeval,
            ru_longs: [c_long; 14],
        }
        unsafe extern "C" {
            fn getrusage(who: c_int, usage: *mut Rusage) -> c_int;
        }
        const RUSAGE_CHILDREN: c_int = -1;
        let mut r = Rusage::default();
        // SAFETY: `r` is a valid, writable struct rusage for this target.
        let rc = unsafe { getrusage(RUSAGE_CHILDREN, &mut r) };
        let tv = |t: &Timeval| {
            Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
        };
        if rc != 0 {
            return Usage {
                max_rss_kib: -1,
                minor_faults: -1,
                user: Duration::ZERO,
                system: Duration::ZERO,
            };
        }
        // c_long is i64 here, but i32 on 32-bit Linux.
        #[allow(clippy::unnecessary_cast)]
        Usage {
            max_rss_kib: r.ru_longs[0] as i64,
            minor_faults: r.ru_longs[4] as i64,
            user: tv(&r.ru_utime),
            system: tv(&r.ru_stime),
        }
    }

    #[cfg(not(target_os = "linux"))]
    pub fn children() -> Usage {
        Usage {
            max_rss_kib: -1,
            minor_faults: -1,
            user: Duration::ZERO,
            system: Duration::ZERO,
        }
    }
}

// ---------------------------------------------------------------------------------------
// The harness.

struct Program {
    name: &'static str,
    command: Vec<String>,
    /// Part of the compared figures (the session walk is for memory only).
    compared: bool,
    runs: Vec<Run>,
}

#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    cpu: Duration,
    max_rss_kib: i64,
    minor_faults: i64,
}

/// A private tmux server, killed when dropped (also on a panic).
struct Tmux {
    socket: String,
    /// The socket file, removed after the server is killed (tmux leaves it behind).
    socket_path: Option<PathBuf>,
}

impl Tmux {
    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"]);
        c.stdin(Stdio::null());
        c
    }

    fn run(&self, args: &[&str]) -> Result<String, String> {
        let out = self
            .cmd()
            .args(args)
            .output()
            .map_err(|e| format!("cannot run tmux: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "tmux {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    fn start(socket: String) -> Result<Tmux, String> {
        let mut t = Tmux {
            socket,
            socket_path: None,
        };
        // A session that only holds the server open; each run gets a window of its own.
        let (w, h) = (WIDTH.to_string(), HEIGHT.to_string());
        t.run(&[
            "new-session",
            "-d",
            "-s",
            "hold",
            "-x",
            &w,
            "-y",
            &h,
            "sleep",
            "100000",
        ])?;
        let size = format!("{WIDTH}x{HEIGHT}");
        t.run(&["set-option", "-g", "default-size", &size])?;
        t.run(&["set-option", "-g", "remain-on-exit", "off"])?;
        t.run(&["set-option", "-g", "default-terminal", "tmux-256color"])?;
        t.socket_path = t
            .run(&["display-message", "-p", "-t", "hold", "#{socket_path}"])
            .ok()
            .map(|s| PathBuf::from(s.trim()))
            .filter(|p| p.file_name().is_some_and(|n| *n == *t.socket.as_str()));
        Ok(t)
    }

    fn windows(&self) -> usize {
        self.run(&["list-windows", "-t", "hold", "-F", "x"])
            .map(|s| s.lines().count())
            .unwrap_or(0)
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self
            .cmd()
            .arg("kill-server")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if let Some(path) = &self.socket_path {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn run() -> Result<(), String> {
    let rounds: usize = std::env::var("STARTUP_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_ROUNDS)
        .max(1);
    if Command::new("tmux").arg("-V").output().is_err() {
        return Err("tmux is not installed (apt-get install -y tmux)".into());
    }
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let advisor = PathBuf::from(env!("CARGO_BIN_EXE_design-advisor"));
    let minimal = minimal_frame(&advisor)?;
    let work = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = work.path().join("empty-root");
    std::fs::create_dir(&root).map_err(|e| e.to_string())?;
    let root = root.display().to_string();
    let advisor = advisor.display().to_string();
    let walk = session_walk_script()?;

    let mut programs = vec![
        // Time to an interactive session: opened on an example, the first frame drawn with
        // the advisor filled, then quit. This is the figure compared with the others.
        Program {
            name: "design-advisor (open example)",
            command: vec![
                advisor.clone(),
                "--root".into(),
                root.clone(),
                "--open".into(),
                format!("example:{WALK_EXAMPLE}"),
                "--keys".into(),
                String::new(),
            ],
            compared: true,
            runs: Vec::new(),
        },
        Program {
            name: "design-advisor (empty --keys)",
            command: vec![
                advisor.clone(),
                "--root".into(),
                root.clone(),
                "--keys".into(),
                String::new(),
            ],
            compared: false,
            runs: Vec::new(),
        },
        Program {
            name: "minimal ratatui (one frame)",
            command: vec![minimal.display().to_string()],
            compared: true,
            runs: Vec::new(),
        },
    ];
    let dialog = which("dialog");
    match &dialog {
        Some(path) => programs.push(Program {
            name: "dialog --infobox",
            command: vec![
                path.display().to_string(),
                "--infobox".into(),
                "hello".into(),
                "5".into(),
                "20".into(),
            ],
            compared: true,
            runs: Vec::new(),
        }),
        None => println!(
            "dialog is not installed: its row is skipped (apt-get install -y dialog to include it)"
        ),
    }
    programs.push(Program {
        name: "design-advisor (example session walk)",
        command: vec![
            advisor.clone(),
            "--root".into(),
            root.clone(),
            "--keys".into(),
            walk.clone(),
        ],
        compared: false,
        runs: Vec::new(),
    });

    let tmux = Tmux::start(format!("bench-startup-{}", std::process::id()))?;
    println!(
        "startup: {rounds} rounds (+{WARMUP_ROUNDS} warm-up) of {} programs, interleaved, in tmux at {WIDTH}x{HEIGHT}",
        programs.len()
    );
    println!("session walk: --keys \"{walk}\" (opens example:{WALK_EXAMPLE}, three steps on)");
    let load_before = loadavg();
    let mut seq = 0usize;
    for round in 0..WARMUP_ROUNDS + rounds {
        for p in programs.iter_mut() {
            seq += 1;
            let out = work.path().join(format!("run-{seq}.txt"));
            let r =
                run_once(&tmux, &me, &out, &p.command).map_err(|e| format!("{}: {e}", p.name))?;
            if round >= WARMUP_ROUNDS {
                p.runs.push(r);
            }
        }
    }
    drop(tmux);
    report(&programs);
    println!(
        "load average (1 min) before/after: {} / {}; wall well above cpu means other work competed for the CPU",
        load_before,
        loadavg()
    );
    Ok(())
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "n/a".into())
}

/// Runs one program in a fresh tmux window through the wrapper and reads its line.
fn run_once(tmux: &Tmux, me: &Path, out: &Path, command: &[String]) -> Result<Run, String> {
    let me = me.display().to_string();
    let out_s = out.display().to_string();
    let mut args: Vec<&str> = vec!["new-window", "-d", "-t", "hold:", &me, "--child", &out_s];
    args.extend(command.iter().map(String::as_str));
    tmux.run(&args)?;
    let deadline = Instant::now() + RUN_TIMEOUT;
    let line = loop {
        if let Ok(text) = std::fs::read_to_string(out) {
            break text;
        }
        if Instant::now() > deadline {
            return Err("timed out waiting for the program to exit".into());
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    // Let the window close and tmux settle before the next run starts.
    while tmux.windows() > 1 {
        if Instant::now() > deadline {
            return Err("timed out waiting for the window to close".into());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    std::thread::sleep(Duration::from_millis(20));
    parse_line(&line)
}

fn parse_line(line: &str) -> Result<Run, String> {
    let f: Vec<&str> = line.split_whitespace().collect();
    match f.as_slice() {
        ["ok", wall, rss, faults, user, sys, status, size] => {
            if *status != "0" {
                return Err(format!("exit status {status}"));
            }
            if *size != format!("{WIDTH}x{HEIGHT}") {
                return Err(format!("the terminal was {size}, not {WIDTH}x{HEIGHT}"));
            }
            let n = |s: &str| s.parse::<u64>().map_err(|e| format!("bad field {s}: {e}"));
            Ok(Run {
                wall: Duration::from_nanos(n(wall)?),
                cpu: Duration::from_nanos(n(user)? + n(sys)?),
                max_rss_kib: rss.parse().map_err(|e| format!("bad field {rss}: {e}"))?,
                minor_faults: faults
                    .parse()
                    .map_err(|e| format!("bad field {faults}: {e}"))?,
            })
        }
        _ => Err(format!("wrapper said: {}", line.trim())),
    }
}

/// target/release/examples/minimal_frame, built when missing or older than its source.
fn minimal_frame(advisor: &Path) -> Result<PathBuf, String> {
    let dir = advisor
        .parent()
        .ok_or("no target directory")?
        .join("examples");
    let exe = dir.join(format!("minimal_frame{}", std::env::consts::EXE_SUFFIX));
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/minimal_frame.rs");
    let mtime = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = match (mtime(&exe), mtime(&source)) {
        (Some(e), Some(s)) => e >= s,
        _ => false,
    };
    if !fresh {
        println!(
            "building the minimal ratatui example (cargo build --release --example minimal_frame)"
        );
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--release", "--example", "minimal_frame"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() || !exe.exists() {
            return Err(format!(
                "could not build {}; run `cargo build --release --example minimal_frame`",
                exe.display()
            ));
        }
    }
    Ok(exe)
}

/// The example whose session the walk opens.
const WALK_EXAMPLE: &str = "search-analytics-drift";

/// Keys that open the example from the start screen (j to its row, Enter) and go three
/// steps on (]]]). The row is taken from the app's own start-screen list (on an empty
/// project root), so the script follows changes to the start screen.
fn session_walk_script() -> Result<String, String> {
    use design_advisor::tui::app::{App, StartItem};
    let n = design_advisor::kb::example_sessions()
        .iter()
        .position(|(f, _)| f.trim_end_matches(".toml") == WALK_EXAMPLE)
        .ok_or(format!("no example named {WALK_EXAMPLE}"))?;
    let kb = design_advisor::cli::knowledge_base(None).map_err(|e| e.to_string())?;
    let app = App::new(
        std::sync::Arc::new(kb),
        Vec::new(),
        design_advisor::session::today(),
    );
    let row = app
        .start_items()
        .iter()
        .position(|i| *i == StartItem::Example(n))
        .ok_or("the example is not on the start screen")?;
    Ok(format!("{}<Enter>]]]", "j".repeat(row)))
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(program))
            .find(|p| p.is_file())
    })
}

// ---------------------------------------------------------------------------------------
// The report.

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn sorted(v: impl Iterator<Item = Duration>) -> Vec<Duration> {
    let mut v: Vec<Duration> = v.collect();
    v.sort();
    v
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn mib(kib: i64) -> String {
    if kib < 0 {
        "n/a".into()
    } else {
        format!("{:.1} MB", kib as f64 / 1024.0)
    }
}

fn report(programs: &[Program]) {
    println!();
    println!(
        "{:<38} {:>5} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "program (spawn to exit)",
        "runs",
        "median",
        "p10",
        "p90",
        "cpu med",
        "faults med",
        "peak RSS"
    );
    for p in programs {
        let wall = sorted(p.runs.iter().map(|r| r.wall));
        let cpu = sorted(p.runs.iter().map(|r| r.cpu));
        let rss = p.runs.iter().map(|r| r.max_rss_kib).max().unwrap_or(-1);
        let mut faults: Vec<i64> = p.runs.iter().map(|r| r.minor_faults).collect();
        faults.sort();
        println!(
            "{:<38} {:>5} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}",
            p.name,
            p.runs.len(),
            ms(percentile(&wall, 0.5)),
            ms(percentile(&wall, 0.1)),
            ms(percentile(&wall, 0.9)),
            ms(percentile(&cpu, 0.5)),
            faults[faults.len() / 2],
            mib(rss)
        );
    }
    let median = |p: &Program| percentile(&sorted(p.runs.iter().map(|r| r.wall)), 0.5);
    let cpu = |p: &Program| percentile(&sorted(p.runs.iter().map(|r| r.cpu)), 0.5);
    let advisor = &programs[0];
    println!();
    for other in programs[1..].iter().filter(|p| p.compared) {
        let ratio = median(advisor).as_secs_f64() / median(other).as_secs_f64();
        let cpu_ratio = cpu(advisor).as_secs_f64() / cpu(other).as_secs_f64();
        // The same ratio taken round by round (runs are interleaved), then its median.
        let mut paired: Vec<f64> = advisor
            .runs
            .iter()
            .zip(&other.runs)
            .map(|(a, o)| a.wall.as_secs_f64() / o.wall.as_secs_f64())
            .collect();
        paired.sort_by(f64::total_cmp);
        println!(
            "design-advisor / {:<30} {:>6.2}x (median of per-round ratios {:.2}x; cpu time {:.2}x)",
            other.name,
            ratio,
            paired[paired.len() / 2],
            cpu_ratio
        );
    }
    println!("target: an interactive session in at most 2x the minimal ratatui program");
    for p in programs
        .iter()
        .filter(|p| p.name.starts_with("design-advisor"))
    {
        let rss = p.runs.iter().map(|r| r.max_rss_kib).max().unwrap_or(-1);
        println!(
            "peak RSS, {}: {} (max over {} runs; target under 20 MB)",
            p.name,
            mib(rss),
            p.runs.len()
        );
    }
}
