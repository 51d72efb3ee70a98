//! End-to-end tests: the real binary inside tmux, driven with `send-keys` and read with
//! `capture-pane`, the way a person would use it.
//!
//! Each test runs its own tmux server (`tmux -L <unique socket>`, killed by a Drop guard,
//! also when the test fails) and its own temporary project folder. Waits poll the screen
//! for the text expected next (up to `WAIT`); they synchronise with the UI and assert
//! nothing about speed. tmux is required: without it these tests fail (CI installs it).

use design_advisor::session::{self, Session};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_design-advisor");
/// The longest a wait for the screen (or the exit status) may take before the test fails.
const WAIT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(50);

/// The three threshold questions, the first step of a session (data/questionnaires.toml).
const Q_SCOPE: &str = "How many services and teams will this work touch?";
const Q_USERS: &str = "Who depends on this system once it runs?";
const Q_INFRA: &str = "Does the work introduce new durable infrastructure?";

/// A private tmux server with a temporary project folder; the UI runs in its sessions.
struct Tmux {
    socket: String,
    dir: tempfile::TempDir,
    /// UI runs started so far; the current one is the tmux session `ui<runs>`.
    runs: usize,
    /// The server's socket file, removed at the end (tmux leaves it behind).
    socket_path: Option<PathBuf>,
}

impl Tmux {
    fn new(test: &str) -> Tmux {
        match Command::new("tmux").arg("-V").output() {
            Ok(out) if out.status.success() => {}
            Ok(out) => panic!(
                "`tmux -V` failed ({}): the end-to-end tests drive the UI inside tmux",
                out.status
            ),
            Err(e) => panic!(
                "tmux is not installed ({e}): the end-to-end tests drive the UI inside tmux; \
                 install it (apt-get install tmux; .ci/run does)"
            ),
        }
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let socket = format!(
            "da-e2e-{test}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::create_dir(dir.path().join("project")).unwrap();
        Tmux {
            socket,
            dir,
            runs: 0,
            socket_path: None,
        }
    }

    /// The project folder: `--root` and the working directory of the UI.
    fn root(&self) -> PathBuf {
        self.dir.path().join("project")
    }

    fn session_file(&self, slug: &str) -> PathBuf {
        self.root()
            .join("docs/features")
            .join(slug)
            .join("design-session.toml")
    }

    fn target(&self) -> String {
        format!("ui{}", self.runs)
    }

    fn status_file(&self) -> PathBuf {
        self.dir.path().join(format!("exit-status-{}", self.runs))
    }

    /// Runs a tmux command on this test's server; panics when tmux fails.
    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .env_remove("TMUX")
            // The pane's command line is run by the default shell, which comes from SHELL.
            .env("SHELL", "/bin/sh")
            .output()
            .expect("running tmux");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Starts the UI with `--root <project>` and `args` in a new tmux session of
    /// `width` x `height`. The shell prints a line before and after it, writes its exit
    /// status to a file and then stays alive, so the pane can be inspected after exit.
    fn start(&mut self, width: u16, height: u16, env: &[(&str, &str)], args: &[&str]) {
        self.runs += 1;
        let root = self.root();
        let mut cmd: Vec<String> = env.iter().map(|(k, v)| format!("{k}={}", q(v))).collect();
        cmd.push(q(BIN));
        cmd.extend(["--root".into(), q(&root.to_string_lossy())]);
        cmd.extend(args.iter().map(|a| q(a)));
        let script = format!(
            "echo shell-before-ui; {}; s=$?; echo \"shell-after-ui: exit $s\"; \
             case $(stty -a) in *-icanon*) echo 'tty: raw' ;; *) echo 'tty: cooked' ;; esac; \
             echo \"EXIT=$s\" > {}; exec sleep 600",
            cmd.join(" "),
            q(&self.status_file().to_string_lossy())
        );
        let (w, h) = (width.to_string(), height.to_string());
        let target = self.target();
        self.tmux(&[
            "new-session",
            "-d",
            "-s",
            &target,
            "-x",
            &w,
            "-y",
            &h,
            "-c",
            &root.to_string_lossy(),
            &script,
        ]);
        if self.socket_path.is_none() {
            self.socket_path = Some(self.display("#{socket_path}").into());
        }
    }

    /// Presses keys, in tmux's names (`Enter`, `Space`, `j`, `]`, ...).
    fn send(&self, keys: &[&str]) {
        let target = self.target();
        let mut args = vec!["send-keys", "-t", &target];
        args.extend(keys);
        self.tmux(&args);
    }

    /// Types text literally.
    fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", &self.target(), "-l", text]);
    }

    fn capture(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", &self.target()])
    }

    /// The screen with its escape sequences (colours and attributes).
    fn capture_escapes(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-e", "-t", &self.target()])
    }

    fn display(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", &self.target(), format])
            .trim()
            .to_string()
    }

    /// Polls the screen until `done` holds on a settled screen and returns that screen;
    /// fails with the last screen after `WAIT`.
    ///
    /// A frame reaches tmux as a stream of writes, so one capture can show half of it
    /// (a dialog's first lines over the previous frame). The screen counts only when
    /// two captures `POLL` apart are identical.
    fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let mut last: Option<String> = None;
        loop {
            let screen = self.capture();
            if done(&screen) && last.as_deref() == Some(screen.as_str()) {
                return screen;
            }
            last = Some(screen.clone());
            if start.elapsed() > WAIT {
                panic!("timed out waiting for {what}; the screen shows:\n{screen}");
            }
            std::thread::sleep(POLL);
        }
    }

    fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Waits for the UI to exit and returns its exit status.
    fn exit_status(&self) -> i32 {
        let path = self.status_file();
        let start = Instant::now();
        loop {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if let Some(code) = text.strip_prefix("EXIT=").filter(|t| t.ends_with('\n')) {
                return code.trim().parse().expect("exit status");
            }
            if start.elapsed() > WAIT {
                panic!(
                    "timed out waiting for design-advisor to exit; the screen shows:\n{}",
                    self.capture()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    fn has_exited(&self) -> bool {
        self.status_file().exists()
    }

    /// After the UI exited: the terminal left the alternate screen and raw mode, and shows
    /// the shell's output again.
    fn assert_terminal_restored(&self) {
        assert_eq!(
            self.display("#{alternate_on}"),
            "0",
            "the terminal is still on the alternate screen after exit:\n{}",
            self.capture()
        );
        let screen = self.wait_for("tty: ");
        assert!(
            screen.contains("shell-before-ui"),
            "the shell's output before the UI is not back on the screen:\n{screen}"
        );
        assert!(
            screen.contains("tty: cooked"),
            "the terminal was left in raw mode:\n{screen}"
        );
    }

    /// The process id of the running design-advisor: the child of the pane's shell.
    fn ui_pid(&self) -> Option<u32> {
        let shell: u32 = self.display("#{pane_pid}").parse().expect("pane pid");
        for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            // "pid (comm) state ppid ..."
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
                continue;
            };
            let ppid = stat[close + 1..].split_whitespace().nth(1);
            if &stat[open + 1..close] == "design-advisor" && ppid == Some(&shell.to_string()) {
                return Some(pid);
            }
        }
        None
    }

    /// Starts a new feature from the start screen and waits for its session screen.
    fn new_feature(&self, name: &str, slug: &str) {
        self.wait_for("New feature: start a design session");
        self.send(&["Enter"]);
        self.wait_for("New feature: name");
        self.type_text(name);
        self.wait_until(&format!("{name:?} in the name field"), |s| {
            boxed_text(s, "New feature: name").as_deref() == Some(name)
        });
        self.send(&["Enter"]);
        // The slug is proposed from the name.
        self.wait_until(&format!("{slug:?} in the slug field"), |s| {
            boxed_text(s, "New feature: slug").as_deref() == Some(slug)
        });
        self.send(&["Enter"]);
        self.wait_for(&format!("{name} ({slug})"));
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .env_remove("TMUX")
            .output();
        if let Some(path) = &self.socket_path {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Quotes a word for sh.
fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn load(path: &Path) -> Session {
    session::load(path).unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()))
}

fn title_bar(screen: &str) -> &str {
    screen.lines().next().unwrap_or("")
}

/// The text inside the box whose top border carries `title` (an overlay), with the lines
/// joined and runs of spaces collapsed, so wrapped text reads as one line.
fn boxed_text(screen: &str, title: &str) -> Option<String> {
    let lines: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let (top, at) = screen.lines().enumerate().find_map(|(i, l)| {
        let byte = l.find(title)?;
        Some((i, l[..byte].chars().count()))
    })?;
    // The corner just before the title.
    let left = lines[top][..at]
        .iter()
        .rposition(|c| matches!(c, '┏' | '┌'))?;
    let right = left
        + 1
        + lines[top][left + 1..]
            .iter()
            .position(|c| matches!(c, '┓' | '┐'))?;
    let mut text = String::new();
    for line in &lines[top + 1..] {
        if matches!(line.get(left), Some('┗' | '└')) {
            break;
        }
        let inner: String = line.iter().take(right).skip(left + 1).collect();
        text.push(' ');
        text.push_str(&inner);
    }
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The SGR parameter lists in a line captured with `capture-pane -e`, each with the byte
/// offset in the line where it takes effect.
fn sgr_sequences(line: &str) -> Vec<(usize, Vec<u16>)> {
    let mut out = Vec::new();
    let mut rest = line;
    let mut offset = 0;
    while let Some(start) = rest.find("\x1b[") {
        let after = &rest[start + 2..];
        let Some(end) = after.find(|c: char| !(c.is_ascii_digit() || c == ';')) else {
            break;
        };
        let used = start + 2 + end + 1;
        if after[end..].starts_with('m') {
            let params = after[..end]
                .split(';')
                .map(|p| p.parse().unwrap_or(0))
                .collect();
            out.push((offset + used, params));
        }
        offset += used;
        rest = &rest[used..];
    }
    out
}

/// Whether an SGR parameter list sets a foreground or background colour.
fn sets_colour(params: &[u16]) -> bool {
    params
        .iter()
        .any(|p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
}

/// Whether reverse video is on at byte `at` of a captured line.
fn reversed_at(line: &str, at: usize) -> bool {
    let mut reversed = false;
    for (pos, params) in sgr_sequences(line) {
        if pos > at {
            break;
        }
        for p in params {
            match p {
                0 => reversed = false,
                7 => reversed = true,
                27 => reversed = false,
                _ => {}
            }
        }
    }
    reversed
}

#[test]
fn full_session() {
    let mut t = Tmux::new("full");
    t.start(120, 40, &[], &[]);
    t.new_feature("Order search", "order-search");

    // Threshold, question 1: pick the second choice; Enter moves on to question 2.
    // (Both on screen: a capture can catch a frame half drawn.)
    t.wait_until("the first question and its options", |s| {
        s.contains(Q_SCOPE) && s.contains("Several services, one team")
    });
    t.send(&["j"]);
    t.wait_for("›( ) Several services, one team");
    t.send(&["Enter"]);
    t.wait_for(Q_USERS);

    // The decision graph is step 3.
    t.send(&["]", "]"]);
    t.wait_for("3/12 Problems & patterns");
    t.wait_for("What are you designing for?");
    t.send(&["Enter"]);
    t.wait_for("Which storage decision are you making?");
    t.send(&["Enter"]);
    t.wait_for("Which model fits the main access pattern?");
    t.send(&["j", "k", "j"]);
    t.wait_until("the cursor on the second option", |s| {
        s.lines()
            .any(|l| l.contains("┃›") && l.contains("Document: "))
    });
    t.send(&["Enter"]);
    let screen = t.wait_for("Pattern bundle: Document model");
    // "Name: what it solves" for each pattern of the bundle, in the main pane, the first
    // under the cursor (Enter would open it in the catalog).
    let kb = design_advisor::kb::KnowledgeBase::builtin();
    let leaf = kb
        .nodes
        .iter()
        .find(|n| n.is_leaf() && n.title == "Document model")
        .expect("the Document model leaf");
    let names: Vec<String> = leaf
        .patterns
        .iter()
        .filter_map(|p| kb.pattern(p.get_ref()).map(|p| p.name.to_string()))
        .collect();
    let bundle: Vec<&String> = names
        .iter()
        .filter(|name| {
            screen
                .lines()
                .filter_map(|l| l.split('┃').nth(1))
                .any(|cell| {
                    cell.trim_start_matches(['›', ' '])
                        .starts_with(&format!("{name}: "))
                })
        })
        .collect();
    assert!(
        names.len() >= 2 && bundle.len() == names.len(),
        "the bundle's patterns are not listed:\n{screen}"
    );
    assert!(screen.contains(&format!("┃› {}: ", names[0])), "{screen}");
    t.send(&["a"]);
    t.wait_for("added \"Document model\" to the design");
    // An ADR for the bundle is asked for, not automatic.
    t.send(&["A"]);
    t.wait_for("an ADR will record \"Document model\" as a decision");

    // The last step writes design.md.
    t.send(&["]", "]", "]", "]", "]", "]", "]", "]", "]"]);
    t.wait_for("12/12 Review & export");
    t.send(&["w"]);
    // The write shows the files it will create first, and waits for a yes.
    t.wait_for("Write these changes? y: write");
    t.send(&["y"]);
    // A new feature has no owner, tenancy or compliance yet: a draft still writes, its
    // unknowns marked `<TBD>`.
    t.wait_for("· wrote ");
    t.send(&["q"]);

    assert_eq!(t.exit_status(), 0, "{}", t.capture());
    t.assert_terminal_restored();

    let dir = t.root().join("docs/features/order-search");
    let text = std::fs::read_to_string(dir.join("design-session.toml")).unwrap();
    let s = load(&dir.join("design-session.toml"));
    assert_eq!(s.feature, "Order search");
    assert_eq!(
        s.answer("threshold.scope").map(|a| a.choices.clone()),
        Some(vec!["several-services".to_string()]),
        "{text}"
    );
    assert!(
        text.contains("[[paths]]") && text.contains("added = true"),
        "{text}"
    );
    assert!(
        s.paths
            .iter()
            .any(|p| p.added && p.nodes.last().map(String::as_str) == Some("data-model-document")),
        "{text}"
    );
    assert!(s.paths.iter().any(|p| p.added && p.adr), "{text}");
    let adrs: Vec<_> = std::fs::read_dir(dir.join("adrs"))
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(
        adrs.len(),
        1,
        "one ADR, for the bundle it was asked for: {adrs:?}"
    );
    let design = std::fs::read_to_string(dir.join("design.md")).unwrap();
    let table = design
        .split("## Patterns")
        .nth(1)
        .and_then(|t| t.split("\n## ").next())
        .unwrap_or_else(|| panic!("no Patterns section in design.md:\n{design}"));
    for name in &bundle {
        assert!(
            table
                .lines()
                .any(|row| row.starts_with('|') && row.contains(&format!("| {name} |"))),
            "design.md's Patterns table does not name {name:?}:\n{table}"
        );
    }
}

#[test]
fn kill_minus_9_keeps_answers() {
    let mut t = Tmux::new("kill");
    t.start(120, 40, &[], &[]);
    t.new_feature("Kill test", "kill-test");
    t.wait_for(Q_SCOPE);
    t.send(&["j", "Enter"]);
    t.wait_for(Q_USERS);
    t.send(&["j", "Enter"]);
    t.wait_for(Q_INFRA);
    // Autosave: the title bar drops "[unsaved]" once the answers are on disk.
    t.wait_until("the answers to be saved", |s| {
        !title_bar(s).contains("[unsaved]") && title_bar(s).contains("· saved ")
    });

    let pid = t.ui_pid().expect("the design-advisor process");
    let killed = Command::new("sh")
        .args(["-c", &format!("kill -9 {pid}")])
        .status()
        .unwrap();
    assert!(killed.success());
    assert_eq!(t.exit_status(), 128 + 9, "killed by SIGKILL");

    let s = load(&t.session_file("kill-test"));
    let answered: Vec<_> = s
        .answers
        .iter()
        .filter(|(_, a)| a.is_answered())
        .map(|(q, _)| q.clone())
        .collect();
    assert_eq!(answered.len(), 2, "{answered:?}");

    // Start again and open the session from the start screen.
    t.start(120, 40, &[], &[]);
    t.wait_for("Open Kill test");
    // Below the three "New ..." entries.
    t.send(&["j", "j", "j"]);
    t.wait_for("› Open Kill test");
    t.send(&["Enter"]);
    // A reopened session shows its overview first; Enter goes on where it stopped.
    t.wait_for("Overview: Kill test");
    t.send(&["Enter"]);
    let screen = t.wait_until("the session", |s| {
        s.contains("Kill test (kill-test)") && !s.contains("Overview: Kill test")
    });
    let threshold = screen
        .lines()
        .find(|l| l.contains("1. Threshold"))
        .unwrap_or_default();
    assert!(
        threshold.contains("2/3"),
        "the step list does not count the two answers:\n{screen}"
    );
    // It resumes at the first question still open.
    assert!(screen.contains(Q_INFRA), "{screen}");
    t.send(&["q"]);
    assert_eq!(t.exit_status(), 0);
    t.assert_terminal_restored();
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the test panic key exists in debug builds only"
)]
fn panic_restores_terminal_and_saves() {
    let mut t = Tmux::new("panic");
    t.start(120, 40, &[("DESIGN_ADVISOR_TEST_PANIC_KEY", "%")], &[]);
    t.new_feature("Panic test", "panic-test");
    t.wait_for(Q_SCOPE);
    t.send(&["j", "Enter"]);
    t.wait_for(Q_USERS);
    t.send(&["%"]);

    assert_eq!(t.exit_status(), 101, "{}", t.capture());
    t.assert_terminal_restored();
    let screen = t.capture();
    assert!(screen.contains("design-advisor crashed"), "{screen}");
    assert!(screen.contains("Your session was saved to"), "{screen}");
    let s = load(&t.session_file("panic-test"));
    assert_eq!(
        s.answer("threshold.scope").map(|a| a.choices.clone()),
        Some(vec!["several-services".to_string()])
    );
}

#[test]
fn tiny_and_resized_terminal() {
    let mut t = Tmux::new("tiny");
    t.start(30, 8, &[], &[]);
    t.wait_for("Terminal too small");
    let target = t.target();

    t.tmux(&["resize-window", "-t", &target, "-x", "120", "-y", "40"]);
    t.wait_for("› New feature: start a design session");

    t.tmux(&["resize-window", "-t", &target, "-x", "1", "-y", "1"]);
    // One cell: the first letter of "Terminal too small" (the start screen begins blank).
    t.wait_until("the one-cell screen to be drawn", |s| s.trim() == "T");
    t.tmux(&["resize-window", "-t", &target, "-x", "120", "-y", "40"]);
    t.wait_for("› New feature: start a design session");

    t.send(&["j", "j", "j"]);
    t.wait_for("› Example (read-only)");
    // Still running.
    assert!(!t.has_exited(), "design-advisor exited:\n{}", t.capture());
    assert!(t.ui_pid().is_some(), "no design-advisor process");
    t.send(&["g"]);
    t.wait_for("› New feature: start a design session");

    t.send(&["q"]);
    assert_eq!(t.exit_status(), 0, "{}", t.capture());
    t.assert_terminal_restored();
}

#[test]
fn read_only_example() {
    let mut t = Tmux::new("readonly");
    t.start(120, 40, &[], &[]);
    t.wait_for("› New feature: start a design session");
    t.send(&["j", "j", "j"]);
    t.wait_for("› Example (read-only)");
    t.send(&["Enter"]);
    t.wait_for("[read-only example]");
    // It opens on its overview; Enter goes to work.
    t.wait_for("Overview: ");
    t.send(&["Enter"]);
    t.wait_until("the overview to close", |s| !s.contains("Overview: "));

    // Back to the first question and try to pick another choice.
    t.send(&["[", "[", "[", "[", "[", "[", "[", "["]);
    let before = t.wait_for(Q_SCOPE);
    t.send(&["Space"]);
    let after = t.wait_for("· read-only example");
    let choices = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.contains("( )") || l.contains("(•)"))
            .map(String::from)
            .collect()
    };
    assert_eq!(choices(&before), choices(&after), "the answer changed");

    t.send(&["q"]);
    assert_eq!(t.exit_status(), 0, "{}", t.capture());
    t.assert_terminal_restored();
    assert!(
        !t.root().join("docs").exists(),
        "a read-only example wrote to the project"
    );
}

#[test]
fn an_example_opens_on_its_overview_and_search_jumps_to_a_question() {
    let mut t = Tmux::new("jump");
    t.start(120, 40, &[], &["--open", "example:search-analytics-drift"]);
    let screen = t.wait_for("Overview: Product search and analytics sync");
    assert!(screen.contains("Anti-patterns found (2)"), "{screen}");
    t.send(&["Enter"]);
    t.wait_until("the overview to close", |s| {
        !s.contains("Overview: Product")
    });
    // Somewhere else in the session: / and a few words of the question.
    t.send(&["/"]);
    t.wait_for("Find: ");
    t.type_text("consistent reads");
    let screen = t.wait_for("› How consistent must reads be");
    assert!(
        screen.contains("[2. Data requirements · answered]"),
        "{screen}"
    );
    t.send(&["Enter"]);
    let screen = t.wait_until("the question", |s| {
        s.contains("How consistent must reads be with the latest writes?") && !s.contains("Find: ")
    });
    assert!(screen.contains("Data requirements"), "{screen}");
    // The cursor stands on the chosen option.
    let cursor = screen
        .lines()
        .find(|l| l.contains("›(•)") || l.contains("›( )"))
        .unwrap_or_else(|| panic!("no cursor:\n{screen}"));
    assert!(cursor.contains("›(•) Eventual"), "{cursor}\n{screen}");
    // O shows the overview again; q quits.
    t.send(&["O"]);
    t.wait_for("Overview: Product search and analytics sync");
    t.send(&["Escape"]);
    t.wait_until("the overview to close", |s| {
        !s.contains("Overview: Product")
    });
    t.send(&["q"]);
    assert_eq!(t.exit_status(), 0, "{}", t.capture());
    t.assert_terminal_restored();
}

#[test]
fn hand_edited_design_is_not_overwritten_without_asking() {
    let mut t = Tmux::new("handedit");
    t.start(120, 40, &[], &[]);
    t.new_feature("Hand edit", "hand-edit");
    t.send(&["]", "]", "]", "]", "]", "]", "]", "]", "]", "]", "]"]);
    t.wait_for("12/12 Review & export");
    t.send(&["w"]);
    // The write shows what it will create, and writes nothing before a yes.
    let screen = t.wait_for("Write these changes? y: write");
    assert!(
        screen.contains("new     docs/features/hand-edit/design.md"),
        "{screen}"
    );
    assert!(screen.contains("+ # Hand edit design"), "{screen}");
    assert!(!t.root().join("docs/features/hand-edit/design.md").exists());
    t.send(&["y"]);
    // A new feature has no owner, tenancy or compliance yet: a draft still writes, its
    // unknowns marked `<TBD>`.
    t.wait_for("· wrote ");
    let design = t.root().join("docs/features/hand-edit/design.md");
    let generated = std::fs::read_to_string(&design).expect("design.md written");
    let hand = format!("{generated}\nA line added by hand.\n");
    std::fs::write(&design, &hand).unwrap();

    // The changes name the line that would go; then it is asked about before replacing
    // it, and "n" keeps the hand edit.
    t.send(&["w"]);
    let screen = t.wait_for("Write these changes? y: write");
    assert!(
        screen.contains("changed docs/features/hand-edit/design.md"),
        "{screen}"
    );
    assert!(screen.contains("- A line added by hand."), "{screen}");
    t.send(&["y"]);
    let screen = t.wait_until("the confirmation", |s| {
        boxed_text(s, "Confirm").is_some_and(|b| b.contains("edited by hand"))
    });
    assert!(
        boxed_text(&screen, "Confirm").is_some_and(|b| b.contains("y: yes")),
        "{screen}"
    );
    t.send(&["n"]);
    t.wait_until("the confirmation to close", |s| {
        boxed_text(s, "Confirm").is_none() && title_bar(s).contains("· cancelled")
    });
    assert_eq!(std::fs::read_to_string(&design).unwrap(), hand);

    // "y" replaces it with the generated document.
    t.send(&["w"]);
    t.wait_for("Write these changes? y: write");
    t.send(&["y"]);
    t.wait_until("the confirmation", |s| {
        boxed_text(s, "Confirm").is_some_and(|b| b.contains("edited by hand"))
    });
    t.send(&["y"]);
    t.wait_for("· wrote ");
    let replaced = std::fs::read_to_string(&design).unwrap();
    assert!(!replaced.contains("A line added by hand."), "{replaced}");
    assert_eq!(replaced.lines().next(), generated.lines().next());

    t.send(&["q"]);
    assert_eq!(t.exit_status(), 0, "{}", t.capture());
    t.assert_terminal_restored();
}

#[test]
fn no_color_keeps_selection_visible() {
    let mut t = Tmux::new("nocolor");
    t.start(120, 40, &[("NO_COLOR", "1")], &[]);
    t.wait_for("› New feature: start a design session");
    let screen = t.capture_escapes();
    let row = screen
        .lines()
        .find(|l| l.contains("› New feature"))
        .unwrap_or_else(|| panic!("no selected row:\n{screen}"));
    let at = row.find("› New feature").unwrap();
    assert!(
        reversed_at(row, at),
        "the selected row is not in reverse video: {row:?}"
    );
    for (_, params) in sgr_sequences(row) {
        assert!(
            !sets_colour(&params),
            "colour {params:?} in the selected row with NO_COLOR: {row:?}"
        );
    }
    for line in screen.lines() {
        for (_, params) in sgr_sequences(line) {
            assert!(
                !sets_colour(&params),
                "colour {params:?} on the screen with NO_COLOR: {line:?}"
            );
        }
    }
    t.send(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn scripted_keys_mode() {
    let mut t = Tmux::new("scripted");
    t.start(
        120,
        40,
        &[],
        &["--keys", "<Enter>Scripted<Enter><Enter>j<Enter>"],
    );
    assert_eq!(t.exit_status(), 0, "{}", t.capture());
    t.assert_terminal_restored();
    let s = load(&t.session_file("scripted"));
    assert_eq!(s.feature, "Scripted");
    assert_eq!(s.answers.len(), 1, "{:?}", s.answers);
    let (question, answer) = s.answers.iter().next().unwrap();
    assert_eq!(question, "threshold.scope");
    assert_eq!(answer.choices, ["several-services"]);
}

#[test]
fn an_invalid_knowledge_pack_is_reported_after_the_terminal_is_restored() {
    let mut t = Tmux::new("badpack");
    let pack = t.root().join("pack");
    std::fs::create_dir_all(&pack).unwrap();
    std::fs::write(
        pack.join("bad.toml"),
        "[[pattern]]\nid = \"x\"\nname = \"unterminated\n",
    )
    .unwrap();
    t.start(120, 40, &[], &["--data", &pack.to_string_lossy()]);
    assert_eq!(t.exit_status(), 2, "{}", t.capture());
    t.assert_terminal_restored();
    let screen = t.capture();
    assert!(
        screen.contains("bad.toml:3"),
        "the error names file and line:\n{screen}"
    );
}

#[test]
fn a_session_that_cannot_be_saved_is_saved_elsewhere_on_quit() {
    let mut t = Tmux::new("unsaved");
    t.start(120, 40, &[], &[]);
    t.new_feature("Cannot save", "cannot-save");
    // The feature folder becomes a plain file: no save can land there any more.
    let folder = t.root().join("docs/features/cannot-save");
    std::fs::remove_dir_all(&folder).unwrap();
    std::fs::write(&folder, "in the way").unwrap();
    t.send(&["j", "Enter"]);
    t.wait_until("the failed save to be explained", |s| {
        boxed_text(s, "Confirm").is_some_and(|b| b.contains("Saving failed"))
    });
    t.send(&["n"]);
    t.send(&["q"]);
    let screen = t.wait_until("the quit question", |s| {
        boxed_text(s, "Confirm").is_some_and(|b| b.contains("and quit"))
    });
    let copy = boxed_text(&screen, "Confirm").unwrap();
    assert!(copy.contains("design-advisor-cannot-save-"), "{copy}");
    t.send(&["y"]);
    assert_eq!(t.exit_status(), 0, "{}", t.capture());
    t.assert_terminal_restored();
    assert_eq!(std::fs::read_to_string(&folder).unwrap(), "in the way");
    let copies: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("design-advisor-cannot-save-")
        })
        .collect();
    assert!(!copies.is_empty(), "a copy of the answers was saved");
    let saved = design_advisor::session::load(&copies[0]).unwrap();
    assert_eq!(
        saved.answers["threshold.scope"].choices,
        ["several-services"]
    );
    for c in copies {
        let _ = std::fs::remove_file(c);
    }
}

#[test]
fn a_session_changed_by_someone_else_is_not_overwritten() {
    let mut t = Tmux::new("changed");
    t.start(120, 40, &[], &[]);
    t.new_feature("Shared", "shared");
    t.send(&["j", "Enter"]);
    t.wait_until("the answer to be saved", |s| {
        title_bar(s).contains("saved ") && !title_bar(s).contains("[unsaved]")
    });
    // A second writer (another instance, an editor, a git pull) changes the file.
    let path = t.root().join("docs/features/shared/design-session.toml");
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("several-services", "several-teams");
    std::fs::write(&path, &theirs).unwrap();
    t.send(&["j", "Enter"]);
    t.wait_until("the question about the change", |s| {
        boxed_text(s, "Confirm").is_some_and(|b| b.contains("changed on disk"))
    });
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "nothing overwritten before the answer"
    );
    t.send(&["n"]);
    t.wait_until("the copy to be saved", |s| {
        title_bar(s).contains("your answers were saved to")
    });
    t.send(&["q"]);
    assert_eq!(t.exit_status(), 0, "{}", t.capture());
    t.assert_terminal_restored();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    let copies = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("design-session.mine-")
        })
        .count();
    assert_eq!(copies, 1);
}

/// Sends `signal` to the running UI.
fn kill(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("running kill");
    assert!(status.success(), "kill -{signal} {pid} failed");
}

#[test]
fn signals_save_the_session_and_restore_the_terminal() {
    // SIGTERM, SIGHUP, SIGINT, SIGQUIT: each saves a change made just before it (well
    // inside the autosave delay), restores the terminal and exits with 128 + n.
    for (signal, number) in [("TERM", 15), ("HUP", 1), ("INT", 2), ("QUIT", 3)] {
        let mut t = Tmux::new(&format!("signal-{}", signal.to_lowercase()));
        t.start(120, 40, &[], &[]);
        t.new_feature("Signals", "signals");
        t.wait_for(Q_SCOPE);
        t.wait_until("the new session to be saved", |s| {
            !title_bar(s).contains("[unsaved]")
        });
        t.send(&["j", "Enter"]);
        t.wait_for(Q_USERS);
        let pid = t.ui_pid().expect("design-advisor is running");
        kill(pid, signal);
        assert_eq!(
            t.exit_status(),
            128 + number,
            "SIG{signal}: {}",
            t.capture()
        );
        t.assert_terminal_restored();
        let screen = t.capture();
        assert!(
            screen.contains("stopped by a signal; your session was saved to"),
            "SIG{signal}: {screen}"
        );
        let s = load(&t.session_file("signals"));
        assert_eq!(
            s.answer("threshold.scope").map(|a| a.choices.clone()),
            Some(vec!["several-services".to_string()]),
            "SIG{signal}: the change made just before the signal was saved"
        );
    }
}

#[test]
fn keeping_the_changed_file_then_editing_never_loses_the_outside_change() {
    let mut t = Tmux::new("keep-theirs");
    t.start(120, 40, &[], &[]);
    t.new_feature("Kept", "kept");
    t.send(&["j", "Enter"]);
    t.wait_until("the answer to be saved", |s| {
        title_bar(s).contains("saved ") && !title_bar(s).contains("[unsaved]")
    });
    let path = t.session_file("kept");
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("several-services", "several-teams");
    std::fs::write(&path, &theirs).unwrap();
    t.send(&["j", "Enter"]);
    t.wait_until("the question about the change", |s| {
        boxed_text(s, "Confirm").is_some_and(|b| b.contains("changed on disk"))
    });
    t.send(&["n"]);
    t.wait_for("design-session.mine-1.toml; now showing");
    // Another answer: it builds on their version, so their edit stays.
    t.send(&["k", "Enter"]);
    t.wait_until("the next answer to be saved", |s| {
        title_bar(s).contains("saved ") && !title_bar(s).contains("[unsaved]")
    });
    t.send(&["q"]);
    assert_eq!(t.exit_status(), 0, "{}", t.capture());
    let s = load(&path);
    assert_eq!(
        s.answer("threshold.scope").map(|a| a.choices.clone()),
        Some(vec!["several-teams".to_string()]),
        "the outside edit survived the later save"
    );
}

#[test]
fn a_deleted_session_file_is_not_written_back_without_asking() {
    let mut t = Tmux::new("deleted");
    t.start(120, 40, &[], &[]);
    t.new_feature("Deleted", "deleted");
    t.send(&["j", "Enter"]);
    t.wait_until("the answer to be saved", |s| {
        title_bar(s).contains("saved ") && !title_bar(s).contains("[unsaved]")
    });
    let path = t.session_file("deleted");
    std::fs::remove_file(&path).unwrap();
    t.send(&["j", "Enter"]);
    t.wait_until("the question about the deleted file", |s| {
        boxed_text(s, "Confirm").is_some_and(|b| b.contains("was deleted"))
    });
    assert!(!path.exists(), "not written back before the answer");
    t.send(&["y"]);
    t.wait_until("the file to be written again", |_| path.exists());
    t.send(&["q"]);
    assert_eq!(t.exit_status(), 0, "{}", t.capture());
    assert!(load(&path).answers.contains_key("threshold.users"));
}

#[test]
fn a_burst_of_typing_arrives_whole() {
    let mut t = Tmux::new("burst");
    t.start(120, 40, &[], &[]);
    t.new_feature("Burst", "burst");
    t.wait_for(Q_SCOPE);
    t.send(&["e"]);
    t.wait_for("Esc to finish");
    // 3,000 characters in one write to the terminal, as a paste without bracketed paste
    // or a fast typist with a macro would send them.
    let text: String = "abcdefghi ".repeat(299) + "final-word";
    t.type_text(&text);
    t.wait_for("final-word");
    t.send(&["Escape"]);
    t.wait_until("the note to be saved", |s| {
        title_bar(s).contains("saved ") && !title_bar(s).contains("[unsaved]")
    });
    t.send(&["q"]);
    assert_eq!(t.exit_status(), 0, "{}", t.capture());
    let s = load(&t.session_file("burst"));
    let note = s
        .answer("threshold.scope")
        .map(|a| a.note.clone())
        .unwrap_or_default();
    assert_eq!(note.chars().count(), text.chars().count(), "{note}");
}

#[test]
fn closing_the_terminal_saves_and_ends_the_program() {
    // The terminal goes away (a closed window, a dropped ssh connection): the program gets
    // SIGHUP and end-of-file on its terminal. It saves and exits; it used to spin on the
    // closed terminal forever.
    let mut t = Tmux::new("hangup");
    t.start(120, 40, &[], &[]);
    t.new_feature("Hangup", "hangup");
    t.wait_for(Q_SCOPE);
    t.send(&["j", "Enter"]);
    t.wait_for(Q_USERS);
    let pid = t.ui_pid().expect("design-advisor is running");
    t.tmux(&["kill-server"]);
    let proc_dir = PathBuf::from(format!("/proc/{pid}"));
    let start = Instant::now();
    while proc_dir.exists() {
        // A zombie waiting for its parent has ended too.
        let state = std::fs::read_to_string(proc_dir.join("stat")).unwrap_or_default();
        if state.split(") ").nth(1).is_some_and(|s| s.starts_with('Z')) {
            break;
        }
        assert!(
            start.elapsed() < WAIT,
            "design-advisor {pid} still runs after its terminal was closed"
        );
        std::thread::sleep(POLL);
    }
    let s = load(&t.session_file("hangup"));
    assert_eq!(
        s.answer("threshold.scope").map(|a| a.choices.clone()),
        Some(vec!["several-services".to_string()])
    );
}

#[test]
fn opening_a_fifo_says_so_instead_of_hanging() {
    let mut t = Tmux::new("fifo");
    let fifo = t.root().join("design-session.toml");
    let status = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());
    t.start(120, 40, &[], &["--open", &fifo.to_string_lossy()]);
    t.wait_for("not a regular file");
    t.send(&["q"]);
    assert_eq!(t.exit_status(), 0, "{}", t.capture());
    t.assert_terminal_restored();
}

/// One step of a key script: keys pressed, text typed (one entry), or a wait for the
/// screen (no key: it only keeps the script in step with the UI).
enum Step {
    Keys(&'static [&'static str]),
    Type(&'static str),
    Wait(&'static str),
    /// Wait until this text is no longer on the screen.
    Gone(&'static str),
}

/// Runs a key script; returns the keys pressed and the entries typed.
fn run_script(t: &Tmux, script: &[Step]) -> (usize, usize) {
    let (mut keys, mut entries) = (0, 0);
    for step in script {
        match step {
            Step::Keys(k) => {
                t.send(k);
                keys += k.len();
            }
            Step::Type(text) => {
                t.type_text(text);
                entries += 1;
            }
            Step::Wait(text) => {
                t.wait_for(text);
            }
            Step::Gone(text) => {
                t.wait_until(&format!("{text:?} to go"), |s| !s.contains(text));
            }
        }
    }
    (keys, entries)
}

/// The notification-preferences RFC, as a person pairing on it would enter it: a new
/// feature, its problem, TL;DR and goals, the threshold and data requirements (one left
/// open with an owner and a due date), two bundles from the decision graph with one
/// pattern dropped, one channel with its payload fields and DLQ, one decision; then the
/// write. The documents hold what was typed and no `<TBD>` where something was entered.
#[test]
fn notification_preferences_rfc_by_key_script() {
    use Step::{Gone, Keys as K, Type as T, Wait as W};
    const BASICS: &str = "(Enter to edit, Esc to close)";
    const PROBLEM: &str = "Users cannot choose which notifications reach them or on which channel, so they mute the app and miss security alerts.";
    const TLDR: &str = "Keep preferences per user and channel in the preferences service and publish every change on preferences.changed.v1 for the senders.";
    const GOALS: &str = "Opt out per channel within one minute; security alerts always delivered";
    const PAYLOAD: &str =
        "user_id string required pii; email boolean required; push boolean required; sms boolean";
    const CHOSEN: &str = "One row per user and channel in the preferences PostgreSQL database";
    const OPTIONS: &str = "A JSON document per user; flags in the user profile service";
    const DRIVERS: &str =
        "Per-channel opt-out is a legal requirement; senders read far more than users write";
    let script = [
        // A new feature.
        W("New feature: start a design session"),
        K(&["Enter"]),
        W("New feature: name"),
        T("Notification preferences"),
        W("Notification preferences"),
        K(&["Enter"]),
        W("New feature: slug"),
        K(&["Enter"]),
        W("Notification preferences (notification-preferences)"),
        // The basics: problem, TL;DR, goals (Enter sets a field and goes to the next).
        W(Q_SCOPE),
        K(&["b"]),
        W(BASICS),
        K(&["Enter"]),
        W("Problem (Enter sets"),
        T(PROBLEM),
        K(&["Enter"]),
        W(BASICS),
        K(&["Enter"]),
        W("TL;DR (the decision) (Enter sets"),
        T(TLDR),
        K(&["Enter"]),
        W(BASICS),
        K(&["Enter"]),
        W("Goals (Enter sets"),
        T(GOALS),
        K(&["Enter"]),
        W(BASICS),
        K(&["Escape"]),
        Gone(BASICS),
        // Threshold: several services, production users, new durable infrastructure.
        K(&["j", "Enter"]),
        W(Q_USERS),
        K(&["j", "j", "Enter"]),
        W(Q_INFRA),
        K(&["j", "Enter"]),
        // Data requirements; the scale is left open, with an owner and a due date.
        W("What is the read/write mix"),
        K(&["Enter"]),
        W("How consistent must reads be"),
        K(&["j", "Enter"]),
        W("What scale must the data tier"),
        K(&["t"]),
        W("Note · TBD"),
        K(&["o"]),
        W("TBD owner"),
        T("platform-team"),
        K(&["Enter"]),
        W("owner platform-team"),
        K(&["d"]),
        W("TBD due date"),
        T("2027-01-15"),
        K(&["Enter"]),
        W("due 2027"),
        K(&["l"]),
        W("How quickly must results"),
        K(&["j", "Enter"]),
        W("Which data models fit"),
        K(&["Enter"]),
        // The optional questions on how data moves wait for another day.
        W("How data moves today"),
        K(&["]"]),
        // Two bundles from the decision graph; the outbox's change data capture dropped.
        W("What are you designing for?"),
        K(&["j", "j", "Enter"]),
        W("Reliable writes, duplicates and failures"),
        K(&["j", "j", "Enter"]),
        W("Write to the database and publish"),
        K(&["Enter"]),
        W("Pattern bundle: Transactional client"),
        K(&["a"]),
        W("✓ In the design"),
        K(&["j", "Space"]),
        W("[ ] 2. Change Data Capture"),
        // The team wants this bundle recorded as a decision of its own.
        // (Its confirmation is a passing status line; the ADR written is checked below.)
        K(&["A"]),
        K(&["r"]),
        W("What are you designing for?"),
        K(&["j", "j", "Enter"]),
        W("Channels, delivery and consumers"),
        K(&["j", "Enter"]),
        W("Broadcast an event to many"),
        K(&["j", "Enter"]),
        W("Pattern bundle: Fan-out"),
        K(&["a"]),
        W("✓ In the design"),
        // One channel, with its payload fields and its dead-letter queue.
        K(&["]", "]", "]", "]", "]"]),
        W("8/12 Channels & DLQs"),
        K(&["a"]),
        W("New channel"),
        T("preferences.changed.v1"),
        K(&["Enter"]),
        W("›Purpose"),
        K(&["Enter"]),
        W("Channel: Purpose"),
        T(
            "A user's notification preferences changed; the email, push and SMS senders honour them at once.",
        ),
        K(&["Enter"]),
        W("›Payload fields"),
        K(&["Enter"]),
        W("Channel: Payload fields"),
        T(PAYLOAD),
        K(&["Enter"]),
        W("›PII class"),
        K(&["Enter"]),
        W("Channel: PII class"),
        T("personal: a user id linked to contact preferences"),
        K(&["Enter"]),
        W("›Role"),
        K(&["j", "j", "j", "j", "j", "j"]),
        W("›DLQ name"),
        K(&["Enter"]),
        W("Channel: DLQ name"),
        T("preferences.changed.v1.dlq"),
        K(&["Enter"]),
        W("›DLQ owner"),
        K(&["Enter"]),
        W("Channel: DLQ owner"),
        T("notifications-team"),
        K(&["Enter"]),
        W("›DLQ dashboard"),
        K(&["Escape"]),
        // The form has closed (an Escape still pending would join the next key).
        Gone("›DLQ dashboard"),
        W("Enter opens its form"),
        // One decision.
        K(&["]"]),
        W("9/12 Decisions (ADRs)"),
        K(&["a"]),
        W("New decision"),
        T("Store preferences per user and channel"),
        K(&["Enter"]),
        W("›Decision (chosen)"),
        K(&["Enter"]),
        W("Decision: Decision (chosen)"),
        T(CHOSEN),
        K(&["Enter"]),
        W("›Other options"),
        K(&["Enter"]),
        W("Decision: Other options"),
        T(OPTIONS),
        K(&["Enter"]),
        W("›Drivers"),
        K(&["Enter"]),
        W("Decision: Drivers"),
        T(DRIVERS),
        K(&["Enter"]),
        W("›Status"),
        K(&["Space"]),
        W("‹accepted›"),
        K(&["j", "Enter"]),
        W("Decision: Decision makers"),
        T("ana, notifications-team"),
        K(&["Enter"]),
        W("›Consulted"),
        K(&["Escape"]),
        Gone("›Consulted"),
        W("Enter opens its form"),
        // Write every document.
        K(&["]", "]", "]"]),
        W("12/12 Review & export"),
        K(&["w"]),
        // The write shows the files it changes and their lines, then asks.
        W("Write these changes? y: write"),
        K(&["y"]),
        W("Written: "),
        K(&["q"]),
    ];
    let mut t = Tmux::new("rfc");
    t.start(120, 40, &[], &[]);
    let (keys, entries) = run_script(&t, &script);
    assert_eq!(t.exit_status(), 0, "{}", t.capture());
    println!(
        "notification-preferences RFC: {keys} keys + {entries} typed entries \
         (the issue measured 275 keys + 27 typed entries before)"
    );

    let dir = t.root().join("docs/features/notification-preferences");
    let read = |rel: &str| {
        std::fs::read_to_string(dir.join(rel))
            .unwrap_or_else(|e| panic!("{rel} was not written ({e})"))
    };
    let s = load(&dir.join("design-session.toml"));
    assert_eq!(s.channels.len(), 1);
    assert_eq!(s.decisions.len(), 1);
    assert_eq!(
        s.paths.iter().filter(|p| p.added).count(),
        2,
        "{:?}",
        s.paths
    );
    assert_eq!(
        s.paths.iter().flat_map(|p| &p.dropped).collect::<Vec<_>>(),
        ["change-data-capture"]
    );

    let design = read("design.md");
    let line_with = |doc: &str, needle: &str| -> String {
        doc.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} is not in the document:\n{doc}"))
            .to_string()
    };
    for entered in [
        PROBLEM,
        TLDR,
        "Opt out per channel within one minute",
        "security alerts always delivered",
    ] {
        let line = line_with(&design, entered);
        assert!(!line.contains("<TBD"), "{line}");
    }
    assert!(
        design.contains("- For \"Store preferences per user and channel\": A JSON document per user (not chosen)"),
        "the decision's other options are not among the alternatives:\n{design}"
    );
    // The question left open is an open question with its owner and due date.
    let open = line_with(&design, "| platform-team | 2027-01-15");
    assert!(open.contains("What scale must the data tier"), "{open}");
    // The kept patterns of both bundles are in the design; the dropped one is not in the
    // outbox decision's bundle.
    for kept in ["Transactional Outbox", "Publish-Subscribe Channel"] {
        assert!(design.contains(kept), "{kept} missing:\n{design}");
    }
    assert!(
        !design
            .lines()
            .any(|l| l.contains("| Change Data Capture |")),
        "the dropped pattern is still in the design's patterns:\n{design}"
    );
    // `A` asked for the outbox bundle's ADR; the fan-out bundle has none.
    let adrs: Vec<String> = std::fs::read_dir(dir.join("adrs"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(adrs.len(), 2, "{adrs:?}");
    let outbox = adrs
        .iter()
        .find(|p| p.contains("publish-atomically"))
        .map(|p| read(&format!("adrs/{p}")))
        .expect("the outbox bundle's ADR");
    assert!(
        outbox.contains("Transactional Outbox") && !outbox.contains("**Change Data Capture**"),
        "{outbox}"
    );
    let adr_path = std::fs::read_dir(dir.join("adrs"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("store-preferences-per-user"))
        .expect("the decision's ADR");
    let adr = std::fs::read_to_string(&adr_path).unwrap();
    for entered in [
        CHOSEN,
        "A JSON document per user (considered)",
        "flags in the user profile service (considered)",
        "Per-channel opt-out is a legal requirement",
        "decision-makers: ",
    ] {
        let line = line_with(&adr, entered);
        assert!(!line.contains("<TBD"), "{line}");
    }
    assert!(line_with(&adr, "decision-makers: ").contains("notifications-team"));
    assert!(line_with(&adr, "status: ").contains("accepted"), "{adr}");
    let contract = read("contracts/preferences.changed.v1.md");
    for entered in [
        "preferences.changed.v1.dlq",
        "notifications-team",
        "personal: a user id",
    ] {
        let line = line_with(&contract, entered);
        assert!(!line.contains("<TBD"), "{line}");
    }
    if std::env::var_os("RFC_SHOW").is_some() {
        println!("{design}\n----\n{adr}\n----\n{contract}");
    }
    let schema = read("schemas/preferences.changed.v1.json");
    assert!(
        schema.contains("\"user_id\"") && schema.contains("\"sms\""),
        "{schema}"
    );
}
