//! Faults a real project throws at the program: a folder that cannot be written, a file
//! that cannot be read, a symbolic link that points outside the project. Each gets a clear
//! error; nothing on disk is destroyed; the answers in memory can still be saved elsewhere.

use design_advisor::kb::KnowledgeBase;
use design_advisor::session::{self, Date, Session};
use design_advisor::tui::app::{self, Action, App, Overlay, Screen, StartItem};
use design_advisor::tui::keys::parse_script;
use design_advisor::tui::{Runner, find_sessions};
use std::path::Path;
use std::sync::{Arc, LazyLock};

static KB: LazyLock<Arc<KnowledgeBase>> = LazyLock::new(|| Arc::new(KnowledgeBase::builtin()));
const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 23,
};

fn app(root: &Path) -> (App, Runner) {
    let mut app = App::new(KB.clone(), find_sessions(&KB, root), TODAY);
    app.root = root.to_path_buf();
    (app, Runner::new(root.to_path_buf()))
}

fn keys(app: &mut App, runner: &mut Runner, script: &str) {
    for k in parse_script(script).unwrap() {
        let effects = app::update(app, Action::Key(k));
        runner.run(app, effects);
    }
}

fn confirm_text(app: &App) -> String {
    match &app.overlay {
        Some(Overlay::Confirm { message, .. }) => message.clone(),
        other => panic!("expected a confirmation, found {other:?}"),
    }
}

#[test]
fn a_folder_that_cannot_be_written_keeps_the_answers_and_offers_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut runner) = app(dir.path());
    keys(
        &mut app,
        &mut runner,
        "<Enter>Unwritable<Enter><Enter>j<Enter>",
    );
    // The feature folder turns into a plain file: no write can land there now.
    let folder = dir.path().join("docs/features/unwritable");
    std::fs::remove_dir_all(&folder).unwrap();
    std::fs::write(&folder, "not a folder").unwrap();
    keys(&mut app, &mut runner, "j<Enter>");
    assert!(!runner.save_now(&mut app));
    let message = confirm_text(&app);
    assert!(message.starts_with("Saving failed:"), "{message}");
    assert!(message.contains("Your answers are still here."));
    assert_eq!(
        std::fs::read_to_string(&folder).unwrap(),
        "not a folder",
        "nothing was destroyed"
    );
    // The answers are still in memory, and "y" saves them elsewhere.
    keys(&mut app, &mut runner, "y");
    let copy = app
        .status
        .strip_prefix("your answers were saved to ")
        .unwrap_or_else(|| panic!("{}", app.status))
        .to_string();
    let saved = session::load(Path::new(&copy)).unwrap();
    assert_eq!(
        saved.answers["threshold.scope"].choices,
        ["several-services"]
    );
    assert_eq!(saved.answers["threshold.users"].choices, ["internal"]);
    std::fs::remove_file(copy).unwrap();
    // It is not asked again on every autosave, only after a save succeeds again.
    keys(&mut app, &mut runner, "k<Enter>");
    assert!(!runner.save_now(&mut app));
    assert!(app.overlay.is_none());
}

#[test]
fn an_unreadable_session_is_kept_and_starting_over_backs_it_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs/features/broken/design-session.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let broken = "schema_version = 1\nfeature = \"Broken\nslug = ";
    std::fs::write(&path, broken).unwrap();
    let (mut app, mut runner) = app(dir.path());
    let i = app
        .start_items()
        .iter()
        .position(|it| matches!(it, StartItem::Open(_)))
        .unwrap();
    let item = app.start_items()[i].clone();
    let effects = app::choose_start(&mut app, item.clone());
    assert!(effects.is_empty());
    let message = confirm_text(&app);
    assert!(message.contains("cannot be read"), "{message}");
    assert!(
        message.contains(":2:"),
        "the error names the line: {message}"
    );
    // "n" leaves the file alone.
    keys(&mut app, &mut runner, "n");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
    // "y" keeps it as a backup and starts a fresh session in its place.
    app::choose_start(&mut app, item);
    keys(&mut app, &mut runner, "y");
    assert_eq!(
        std::fs::read_to_string(path.with_file_name("design-session.toml.bak")).unwrap(),
        broken
    );
    let fresh = session::load(&path).unwrap();
    assert_eq!(fresh.slug, "broken");
    assert!(matches!(app.screen, Screen::Session(_)));
}

#[test]
fn a_symbolic_link_out_of_the_project_is_refused() {
    let project = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(project.path().join("docs/features")).unwrap();
    std::os::unix::fs::symlink(outside.path(), project.path().join("docs/features/evil")).unwrap();
    let mut s = Session::new("Evil", TODAY);
    s.slug = "evil".into();
    let plan = design_advisor::export::files::plan(&KB, &s, project.path()).unwrap();
    let err = design_advisor::export::files::write_plan(
        &plan,
        project.path(),
        design_advisor::export::files::Force::ALL,
    )
    .unwrap_err();
    assert!(
        format!("{err:#}").contains("outside the project folder"),
        "{err:#}"
    );
    assert_eq!(
        std::fs::read_dir(outside.path()).unwrap().count(),
        0,
        "nothing written outside"
    );
    // The terminal UI refuses to create a session there too.
    let (mut app, mut runner) = app(project.path());
    keys(&mut app, &mut runner, "<Enter>Evil<Enter><Enter>");
    assert!(
        app.status.contains("outside the project folder"),
        "{}",
        app.status
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}

#[test]
fn hostile_names_never_become_paths() {
    for name in [
        "../../etc/passwd",
        "/absolute/path",
        "CON",
        "nul",
        "..",
        "a/../../b",
        "\u{1b}[31m",
        "  ",
    ] {
        let slug = session::slugify(name);
        assert!(session::is_valid_slug(&slug), "{name:?} -> {slug:?}");
        assert!(!slug.contains('/') && !slug.contains(".."), "{slug}");
        assert!(
            design_advisor::export::files::feature_dir(Path::new("/project"), &slug)
                .unwrap()
                .starts_with("/project/docs/features/")
        );
    }
    assert!(design_advisor::export::files::feature_dir(Path::new("/p"), "../x").is_err());
    let mut s = Session::new("Channels", TODAY);
    s.channels.push(design_advisor::session::Channel {
        name: "../../escape".into(),
        ..Default::default()
    });
    s.runbooks.push(design_advisor::session::Runbook {
        incident: "/etc/cron.d/x".into(),
        ..Default::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let err = design_advisor::export::files::plan(&KB, &s, dir.path())
        .err()
        .expect("refused")
        .to_string();
    assert!(
        err.contains("../../escape") && err.contains("/etc/cron.d/x"),
        "{err}"
    );
}
