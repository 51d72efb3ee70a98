//! The terminal UI without a terminal: screens snapshotted at 80x24, 120x40 and tiny
//! sizes, driven by key sequences through the same `update` the program uses, and a
//! property test feeding random keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use design_advisor::tui::app::{self, Action, Pane, Screen};
use ratatui::style::Modifier;

#[path = "support/tui_harness.rs"]
mod harness;
use harness::{Harness, KB, text};

/// Snapshots one screen at the two standard sizes.
fn snap(h: &mut Harness, name: &str) {
    insta::assert_snapshot!(format!("{name}-80x24"), h.screen(80, 24));
    insta::assert_snapshot!(format!("{name}-120x40"), h.screen(120, 40));
}

/// Opens the shipped example on the start screen (read-only).
fn example(h: &mut Harness, name: &str) {
    h.example(name);
    // It opens on its overview; Enter goes to work.
    assert!(
        matches!(h.app.overlay, Some(app::Overlay::Overview { .. })),
        "an example opens on its overview"
    );
    let size = std::mem::replace(&mut h.app.size, ratatui::layout::Rect::new(0, 0, 120, 40));
    h.keys("<Enter>");
    h.app.size = size;
    assert!(h.app.overlay.is_none());
}

/// A new feature named "Order search", created on disk under the harness's root.
fn new_feature(h: &mut Harness) {
    h.keys("<Enter>Order<Space>search<Enter><Enter>");
    assert_eq!(h.session().session.slug, "order-search");
}

#[test]
fn start_screen() {
    let mut h = Harness::new();
    snap(&mut h, "start");
}

#[test]
fn new_feature_asks_name_then_slug_and_creates_the_session() {
    let mut h = Harness::new();
    h.keys("<Enter>Order<Space>search");
    snap(&mut h, "new-feature-name");
    h.keys("<Enter>");
    insta::assert_snapshot!("new-feature-slug-80x24", h.screen(80, 24));
    h.keys("<Enter>");
    let path = h
        .root()
        .join("docs/features/order-search/design-session.toml");
    assert!(path.is_file(), "the session is created on disk at once");
    assert_eq!(h.session().path.as_deref(), Some(path.as_path()));
    snap(&mut h, "question-threshold");
}

#[test]
fn answering_moves_on_and_is_saved() {
    let mut h = Harness::new();
    new_feature(&mut h);
    // Pick "several services" for the first threshold question: Enter picks and moves on.
    h.keys("j<Enter>");
    let s = h.session();
    assert_eq!(
        s.session.answers["threshold.scope"].choices,
        ["several-services"]
    );
    assert_eq!(s.question[0], 1, "moved to the next question");
    assert!(s.dirty());
    assert!(h.runner.save_now(&mut h.app));
    let saved = std::fs::read_to_string(
        h.root()
            .join("docs/features/order-search/design-session.toml"),
    )
    .unwrap();
    assert!(
        saved.contains("[answers.\"threshold.scope\"]\nchoices = [\"several-services\"]"),
        "{saved}"
    );
    assert!(!h.session().dirty());
}

#[test]
fn a_question_with_a_note_and_a_later_flag() {
    let mut h = Harness::new();
    new_feature(&mut h);
    h.keys("]"); // data requirements
    h.keys("e");
    assert!(h.app.editing());
    h.keys("Mostly<Space>catalogue<Space>reads<Enter>and<Space>a<Space>nightly<Space>import");
    snap(&mut h, "question-note-editing");
    h.keys("<Esc>");
    assert!(!h.app.editing());
    assert_eq!(
        h.session().session.answers["requirements.read_write"].note,
        "Mostly catalogue reads\nand a nightly import"
    );
    h.keys("to");
    h.keys("data-team<Enter>d2026-12-01<Enter>");
    let a = &h.session().session.answers["requirements.read_write"];
    assert!(a.tbd);
    assert_eq!(a.owner, "data-team");
    assert_eq!(a.due.unwrap().to_string(), "2026-12-01");
    snap(&mut h, "question-later");
    // A bad date is refused with a message, and nothing changes.
    h.keys("d2026-13-01<Enter>");
    insta::assert_snapshot!("question-bad-due-80x24", h.screen(80, 24));
    h.keys("<Esc>");
    assert_eq!(
        h.session().session.answers["requirements.read_write"]
            .due
            .unwrap()
            .to_string(),
        "2026-12-01"
    );
}

#[test]
fn below_the_threshold_the_short_path_is_offered() {
    let mut h = Harness::new();
    new_feature(&mut h);
    h.keys("<Enter><Enter><Enter>");
    let a = design_advisor::engine::assess(&KB, &h.session().session);
    assert!(a.threshold.below);
    h.keys("["); // back to the threshold step to see the message
    snap(&mut h, "threshold-below");
    // From the data requirements, "next step" skips to review and export.
    h.keys("]]");
    assert_eq!(h.session().kind(), app::StepKind::Review);
}

#[test]
fn decision_graph_navigation_suggestion_leaf_and_tree() {
    let mut h = Harness::new();
    example(&mut h, "search-analytics-drift");
    h.session();
    // Go to step 3 through the step list.
    h.keys("<Esc>gjj<Enter>");
    assert_eq!(h.session().kind(), app::StepKind::Graph);
    assert_eq!(h.session().focus, Pane::Main);
    snap(&mut h, "graph-root");
    h.keys("j<Enter>");
    snap(&mut h, "graph-area");
    h.keys("<Enter>");
    // The example writes to every store from the application: CDC is suggested.
    snap(&mut h, "graph-suggestion");
    h.keys("<Enter>");
    assert!(h.session().graph.current(&KB).unwrap().is_leaf());
    snap(&mut h, "graph-leaf");
    h.keys("1");
    assert_eq!(
        h.session().graph.path.len(),
        1,
        "jumped back to the first breadcrumb"
    );
    h.keys("v");
    snap(&mut h, "graph-tree");
}

#[test]
fn adding_a_bundle_records_the_path() {
    let mut h = Harness::new();
    new_feature(&mut h);
    h.keys("]]"); // problems and patterns
    h.keys("j<Enter><Enter><Enter>a");
    let paths = &h.session().session.paths;
    assert_eq!(paths.len(), 1);
    assert!(paths[0].added);
    assert_eq!(
        paths[0].nodes,
        [
            "root",
            "area-integration",
            "derived-data-sync",
            "propagation-cdc"
        ]
    );
    assert!(h.app.status.contains("added"));
    // A bundle is a proposal: the second pattern is dropped, then kept again.
    h.keys("j<Space>");
    let path = &h.session().session.paths[0];
    assert_eq!(path.dropped.len(), 1, "{path:?}");
    assert!(h.app.status.starts_with("dropped "), "{}", h.app.status);
    snap(&mut h, "graph-pattern-dropped");
    h.keys("<Space>");
    assert!(h.session().session.paths[0].dropped.is_empty());
    h.keys("<Space>");
    h.keys("x");
    assert!(h.session().session.paths.is_empty());
    // Learn mode cannot add.
    let mut learn = Harness::new();
    learn.keys("t");
    assert!(matches!(learn.app.screen, Screen::Graph(_)));
    snap(&mut learn, "learn-graph");
}

#[test]
fn evidence_and_review() {
    let mut h = Harness::new();
    example(&mut h, "ledger-transfer-2pc");
    // Evidence comes before the channels, decisions, runbooks and launch.
    h.keys("<Esc>G<Up><Up><Up><Up><Up><Enter>");
    assert_eq!(h.session().kind(), app::StepKind::Evidence);
    snap(&mut h, "evidence");
    h.keys("<Esc>G<Enter>");
    assert_eq!(h.session().kind(), app::StepKind::Review);
    snap(&mut h, "review");
    h.keys("<PgDn><PgDn>");
    insta::assert_snapshot!("review-scrolled-120x40", h.screen(120, 40));
}

#[test]
fn writing_documents_and_a_hand_edited_file() {
    let mut h = Harness::new();
    new_feature(&mut h);
    h.keys("<Esc>G<Enter>");
    snap(&mut h, "review-new-feature");
    // No owner, tenancy or compliance yet: a draft still writes, its unknowns `<TBD>`.
    // The write first shows what it will create.
    h.keys("w");
    snap(&mut h, "write-diff-new");
    assert!(
        !h.root()
            .join("docs/features/order-search/design.md")
            .exists()
    );
    h.keys("y");
    let design = h.root().join("docs/features/order-search/design.md");
    assert!(design.is_file());
    assert!(
        h.root()
            .join("docs/features/order-search/README.md")
            .is_file()
    );
    assert!(h.root().join("docs/system/catalog.md").is_file());
    assert!(h.app.status.starts_with("wrote"), "{}", h.app.status);
    let mut edited = std::fs::read_to_string(&design).unwrap();
    edited.push_str("\nA line written by hand.\n");
    std::fs::write(&design, &edited).unwrap();
    // The hand edit is confirmed before it is replaced (after the changes are shown).
    h.keys("w");
    let diff = h.screen(120, 40);
    assert!(
        diff.contains("+ A line written by hand.") || diff.contains("- A line written by hand."),
        "{diff}"
    );
    h.keys("y");
    snap(&mut h, "confirm-overwrite");
    h.keys("n");
    assert_eq!(
        std::fs::read_to_string(&design).unwrap(),
        edited,
        "no means the file is kept"
    );
    let screen = h.screen(120, 40);
    assert!(
        screen.lines().next().unwrap().contains("cancelled") && !screen.contains("Written:"),
        "a cancelled write says so, and nothing claims it wrote:\n{screen}"
    );
    h.keys("wyy");
    assert!(
        !std::fs::read_to_string(&design)
            .unwrap()
            .contains("A line written by hand.")
    );
}

#[test]
fn catalog_search_as_you_type() {
    let mut h = Harness::new();
    h.keys("/outbox");
    snap(&mut h, "catalog-search");
    h.keys("<Enter>j");
    snap(&mut h, "catalog-second-entry");
    h.keys("<Esc>");
    assert!(
        matches!(h.app.screen, Screen::Start { .. }),
        "Esc returns to where the search started"
    );
}

#[test]
fn help_overlay_lists_the_key_table() {
    let mut h = Harness::new();
    example(&mut h, "notifications-causal-order");
    h.keys("?");
    snap(&mut h, "help");
    let screen = h.screen(120, 40);
    for b in design_advisor::tui::keys::BINDINGS.iter().take(8) {
        assert!(screen.contains(b.desc), "help lacks {}", b.desc);
    }
    h.keys("<Esc>");
    assert!(h.app.overlay.is_none());
}

#[test]
fn read_only_examples_do_not_change() {
    let mut h = Harness::new();
    example(&mut h, "search-analytics-drift");
    let before = h.session().session.clone();
    h.keys("<Enter><Space>te");
    assert_eq!(h.session().session, before);
    assert!(h.app.status.contains("read-only"));
    snap(&mut h, "example-read-only");
    h.keys("q");
    assert!(h.quit);
    assert!(!h.root().join("docs").exists());
}

#[test]
fn tiny_terminals_say_so_and_never_panic() {
    let mut h = Harness::new();
    insta::assert_snapshot!("too-small-30x8", h.screen(30, 8));
    example(&mut h, "search-analytics-drift");
    for (w, h_) in [
        (0, 0),
        (1, 1),
        (2, 1),
        (10, 3),
        (39, 11),
        (40, 12),
        (41, 13),
        (60, 15),
        (69, 20),
        (99, 30),
    ] {
        let _ = h.screen(w, h_);
    }
    insta::assert_snapshot!("session-40x12", h.screen(40, 12));
}

#[test]
fn without_colour_the_selection_is_reversed() {
    let mut h = Harness::new();
    h.app.color = false;
    let buf = h.buffer(80, 24);
    // The first start item is selected: reversed, and no colour anywhere.
    let row = (0..buf.area.height)
        .find(|&y| {
            text(&buf)
                .lines()
                .nth(y as usize)
                .unwrap()
                .contains("› New feature")
        })
        .unwrap();
    let cell = &buf[(3, row)];
    assert!(cell.modifier.contains(Modifier::REVERSED));
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            assert_eq!(c.fg, ratatui::style::Color::Reset, "colour at {x},{y}");
        }
    }
}

#[test]
fn mouse_clicks_select_steps_and_choices() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut h = Harness::new();
    new_feature(&mut h);
    let _ = h.screen(120, 40);
    let click = |app: &app::App, x, y| {
        design_advisor::tui::mouse::translate(
            app,
            MouseEvent {
                kind: MouseEventKind::Down(MouseButton::Left),
                column: x,
                row: y,
                modifiers: KeyModifiers::NONE,
            },
        )
        .expect("a click on the screen")
    };
    // The step list starts at row 2 (title bar, border); the fourth step is reliability.
    let action = click(&h.app, 3, 5);
    let effects = app::update(&mut h.app, action);
    assert!(effects.is_empty());
    assert_eq!(
        h.session().kind(),
        app::StepKind::Questions(design_advisor::kb::Step::Reliability)
    );
    // Clicking the second choice of the first question picks it.
    let layout = design_advisor::tui::layout::Regions::new(h.app.size, &h.app);
    let action = click(&h.app, layout.options.x + 2, layout.options.y + 1);
    app::update(&mut h.app, action);
    assert_eq!(
        h.session().session.answers["reliability.delivery"].choices,
        ["at-least-once"]
    );
}

#[test]
fn quitting_saves_first() {
    let mut h = Harness::new();
    new_feature(&mut h);
    h.keys("j<Enter>q");
    assert!(h.quit);
    let saved = std::fs::read_to_string(
        h.root()
            .join("docs/features/order-search/design-session.toml"),
    )
    .unwrap();
    assert!(saved.contains("several-services"));
}

mod random_keys {
    use super::*;
    use proptest::prelude::*;

    fn key() -> impl Strategy<Value = KeyEvent> {
        let codes = vec![
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::Backspace,
            KeyCode::F(1),
        ];
        prop_oneof![
            4 => proptest::sample::select(codes).prop_map(|c| KeyEvent::new(c, KeyModifiers::NONE)),
            6 => proptest::sample::select("jkhlgG []?/taxrvwe odyn123 abcé€👍".chars().collect::<Vec<_>>()).prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
            1 => Just(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
        #[test]
        fn random_keys_never_panic_and_keep_the_session_valid(keys in proptest::collection::vec(key(), 1..160), size in proptest::sample::select(vec![(1u16, 1u16), (30, 8), (80, 24), (120, 40)])) {
            let mut h = Harness::new();
            // Half the runs start in a fresh feature, so answers and files are exercised.
            if keys.len() % 2 == 0 {
                new_feature(&mut h);
            }
            for k in keys {
                h.key(k);
                let _ = h.screen(size.0, size.1);
                if h.quit {
                    break;
                }
            }
            if let Screen::Session(s) = &h.app.screen {
                prop_assert_eq!(s.session.problems(&KB), Vec::<String>::new());
                let text = design_advisor::session::to_toml(&s.session);
                let back = design_advisor::session::load_str(&text, "roundtrip").unwrap();
                prop_assert_eq!(&back, &s.session);
            }
            let path = h.root().join("docs/features/order-search/design-session.toml");
            if path.exists() {
                let on_disk = design_advisor::session::load(&path);
                prop_assert!(on_disk.is_ok(), "the saved session must load: {:?}", on_disk.err());
            }
        }
    }
}

#[test]
fn review_mode_walks_the_review_steps() {
    let mut h = Harness::new();
    h.keys("j<Enter>Order<Space>service<Enter><Enter>");
    let s = h.session();
    assert_eq!(s.session.mode, design_advisor::session::Mode::Review);
    assert_eq!(
        s.kind(),
        app::StepKind::Questions(design_advisor::kb::Step::Review)
    );
    h.keys("<Enter>jj<Enter>");
    let answers = &h.session().session.answers;
    assert_eq!(answers["review.data_model"].choices, ["sound"]);
    assert_eq!(answers["review.storage"].choices, ["not-applicable"]);
    snap(&mut h, "review-mode");
}

#[test]
fn integration_mode_inventories_stores_and_flows() {
    let mut h = Harness::new();
    h.keys("jj<Enter>Search<Space>sync<Enter><Enter>");
    assert_eq!(h.session().kind(), app::StepKind::Inventory);
    h.keys("sPostgreSQL<Enter>sElasticsearch<Enter><Space>");
    h.keys("fPostgreSQL<Space>-><Space>Elasticsearch<Enter><Space>");
    // A flow that names an unknown store is refused with a message.
    h.keys("fNope<Space>-><Space>Elasticsearch<Enter>");
    assert!(matches!(
        h.app.overlay,
        Some(app::Overlay::Input { error: Some(_), .. })
    ));
    h.keys("<Esc>");
    let s = &h.session().session;
    assert_eq!(s.stores.len(), 2);
    assert_eq!(
        s.stores[1].role,
        design_advisor::session::StoreRole::Derived
    );
    assert_eq!(s.flows.len(), 1);
    assert_eq!(
        s.flows[0].mechanism,
        design_advisor::session::Mechanism::AppDualWrite
    );
    // The recorded dual write is found by the engine.
    let a = design_advisor::engine::assess(&KB, s);
    assert!(
        a.findings
            .iter()
            .any(|f| f.antipattern.id.get_ref() == "dual-write")
    );
    snap(&mut h, "inventory");
    // Today vs target: the search index is added by the design, the flow with it.
    h.keys("gjc<Down>c");
    let s = &h.session().session;
    assert_eq!(s.stores[1].change, design_advisor::session::Change::Added);
    assert_eq!(s.flows[0].change, design_advisor::session::Change::Added);
    snap(&mut h, "inventory-change");
    // Deleting a store takes its flows with it.
    h.keys("gx");
    assert_eq!(h.session().session.stores.len(), 1);
    assert!(h.session().session.flows.is_empty());
}

#[test]
fn a_session_changed_on_disk_is_never_overwritten_silently() {
    let mut h = Harness::new();
    new_feature(&mut h);
    let path = h
        .root()
        .join("docs/features/order-search/design-session.toml");
    h.keys("j<Enter>");
    assert!(h.runner.save_now(&mut h.app));
    // Someone else changes the file (a second instance, an editor, a git pull).
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("several-services", "several-teams");
    std::fs::write(&path, &theirs).unwrap();
    h.keys("j<Enter>");
    assert!(!h.runner.save_now(&mut h.app), "the save must stop and ask");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    insta::assert_snapshot!("changed-on-disk-80x24", h.screen(80, 24));
    // "n": their file stays; ours goes to a copy beside it.
    h.keys("n");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    let copies: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("design-session.mine-"))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    let mine = design_advisor::session::load(&path.with_file_name(&copies[0])).unwrap();
    assert_eq!(
        mine.answers["threshold.scope"].choices,
        ["several-services"]
    );
    assert!(mine.answers.contains_key("threshold.users"));
    // From here on the screen shows their version, so a later change builds on it and
    // never overwrites their edit (it used to: the lost update after "keep it").
    assert_eq!(
        h.session().session.answers["threshold.scope"].choices,
        ["several-teams"]
    );
    h.keys("k<Enter>");
    assert!(h.session().dirty(), "an answer changed");
    assert!(
        h.runner.save_now(&mut h.app),
        "nothing changed on disk since"
    );
    let now = design_advisor::session::load(&path).unwrap();
    assert_eq!(now.answers["threshold.scope"].choices, ["several-teams"]);
    // A later change asks again if the file moved on; "y" replaces it with ours.
    let moved = std::fs::read_to_string(&path)
        .unwrap()
        .replace("draft", "proposed");
    std::fs::write(&path, moved).unwrap();
    h.keys("j<Enter>");
    assert!(!h.runner.save_now(&mut h.app));
    h.keys("y");
    let now = design_advisor::session::load(&path).unwrap();
    assert_eq!(now.status, design_advisor::session::Status::Draft);
}

#[test]
fn hostile_and_huge_text_renders_safely() {
    let mut h = Harness::new();
    new_feature(&mut h);
    h.keys("]e");
    let mixed = "Wide 漢字テキスト, combining e\u{301}\u{302}, right-to-left שלום עולם, emoji 👍🏽, escape \u{1b}[31mred\u{1b}[0m and bell \u{7}.";
    for c in mixed.chars() {
        let key = if c == '\n' {
            KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)
        } else {
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
        };
        h.key(key);
    }
    h.keys("<Esc>");
    let screen = h.screen(120, 40);
    assert!(
        !screen.contains('\u{1b}') && !screen.contains('\u{7}'),
        "control characters never reach the terminal"
    );
    assert!(
        screen.contains("漢") && screen.contains("שלום") && screen.contains("e\u{301}\u{302}"),
        "{screen}"
    );
    insta::assert_snapshot!("unicode-note-120x40", screen);
    // A 1 MB note, pasted, renders at every size and is kept whole.
    h.keys("e");
    let huge: String = mixed.chars().cycle().take(1_000_000).collect();
    app::update(&mut h.app, Action::Paste(huge.clone()));
    h.keys("<Esc>");
    for (w, ht) in [(120, 40), (80, 24), (40, 12), (1, 1)] {
        let s = h.screen(w, ht);
        assert!(!s.contains('\u{1b}'));
    }
    let note = h.session().session.answers["requirements.read_write"]
        .note
        .clone();
    assert!(note.chars().count() >= 1_000_000);
    assert!(h.runner.save_now(&mut h.app));
    let saved = design_advisor::session::load(
        &h.root()
            .join("docs/features/order-search/design-session.toml"),
    )
    .unwrap();
    assert_eq!(saved.answers["requirements.read_write"].note, note);
}

#[test]
fn returning_to_a_question_puts_the_cursor_on_the_chosen_option() {
    let mut h = Harness::new();
    new_feature(&mut h);
    // The second option of the first question, then back to it.
    h.keys("j<Enter>");
    assert_eq!(
        h.session().choice,
        0,
        "the next question starts at its first option"
    );
    h.keys("h");
    assert_eq!(h.session().choice, 1, "back on the chosen option");
    // Leaving the step and coming back lands on it too.
    h.keys("]l[");
    assert_eq!(h.session().question[0], 0);
    h.keys("h");
    assert_eq!(h.session().choice, 1);
}

#[test]
fn questions_earlier_answers_make_irrelevant_are_not_asked() {
    use design_advisor::workflow::plan;
    let mut h = Harness::new();
    new_feature(&mut h);
    let s = &h.session().session;
    let before: Vec<String> = plan::asked(&h.app.kb, s, design_advisor::kb::Step::Distributed)
        .iter()
        .map(|(_, q)| q.id.get_ref().to_string())
        .collect();
    assert!(
        before.contains(&"distributed.scaling_axis".to_string()),
        "{before:?}"
    );
    // Answering the requirements' scale question pre-fills the later one: not asked again.
    let mut s = h.session().session.clone();
    design_advisor::workflow::apply(
        &h.app.kb,
        &mut s,
        design_advisor::workflow::Edit::Choose {
            question: "requirements.scale".into(),
            choice: "horizontal".into(),
        },
    )
    .unwrap();
    let after: Vec<String> = plan::asked(&h.app.kb, &s, design_advisor::kb::Step::Distributed)
        .iter()
        .map(|(_, q)| q.id.get_ref().to_string())
        .collect();
    assert!(
        !after.contains(&"distributed.scaling_axis".to_string()),
        "{after:?}"
    );
}

#[test]
fn help_scrolls_to_its_end_and_no_further() {
    let mut h = Harness::new();
    new_feature(&mut h);
    h.app.size = ratatui::layout::Rect::new(0, 0, 80, 24);
    h.keys("?<End>");
    let max = h.app.help_max_scroll();
    assert!(max > 0, "the key table is longer than a 24-row screen");
    let scroll = |h: &Harness| match &h.app.overlay {
        Some(app::Overlay::Help { scroll }) => *scroll,
        other => panic!("expected help, found {other:?}"),
    };
    assert_eq!(scroll(&h), max, "End goes to the end");
    // Pressing on past the end does not pile up: one Up comes back one line.
    h.keys("jjjjj<PgDn><PgDn>k");
    assert_eq!(scroll(&h), max - 1);
    h.keys("<Home>");
    assert_eq!(scroll(&h), 0);
}

#[test]
fn a_too_small_terminal_takes_no_hidden_keys() {
    let mut h = Harness::new();
    new_feature(&mut h);
    h.keys("e");
    assert!(h.session().note.is_some(), "the note has the keyboard");
    h.app.size = ratatui::layout::Rect::new(0, 0, 30, 8);
    h.keys("abc");
    let note = h
        .session()
        .session
        .answer("threshold.scope")
        .map(|a| a.note.clone())
        .unwrap_or_default();
    assert_eq!(note, "", "nothing typed into a note nobody can see");
    h.keys("q");
    assert!(h.quit, "q quits, as the screen says");
}

#[test]
fn tab_never_focuses_a_folded_pane() {
    let mut h = Harness::new();
    new_feature(&mut h);
    h.app.size = ratatui::layout::Rect::new(0, 0, 80, 24);
    for _ in 0..4 {
        h.keys("<Tab>");
        assert_ne!(
            h.session().focus,
            app::Pane::Advisor,
            "the advisor is folded at 80 columns"
        );
    }
    h.app.size = ratatui::layout::Rect::new(0, 0, 60, 24);
    for _ in 0..3 {
        h.keys("<Tab>");
        assert_eq!(
            h.session().focus,
            app::Pane::Main,
            "only the main pane shows at 60 columns"
        );
    }
}

#[test]
fn the_advisor_lists_owned_tbds_with_overdue_ones_first() {
    let mut h = Harness::new();
    new_feature(&mut h);
    // Owner and a past due date on the first question; a future date on the second.
    h.keys("o");
    h.keys("platform-team<Enter>d2020-01-31<Enter>");
    // A past date is kept (it may be a real slip) but said to be past right away.
    assert!(
        h.app.status.contains("due 2020-01-31 is already past"),
        "{}",
        h.app.status
    );
    h.keys("l");
    h.keys("d2999-01-31<Enter>");
    assert!(h.app.overlay.is_none(), "the future date is taken");
    assert!(!h.app.status.contains("2999"), "{}", h.app.status);
    let screen = h.screen(120, 40);
    assert!(screen.contains("(1 overdue)"), "{screen}");
    assert!(screen.contains("! overdue:"), "{screen}");
}

#[test]
fn the_basics_are_written_in_the_terminal_and_open_the_design_document() {
    let mut h = Harness::new();
    new_feature(&mut h);
    h.keys("b");
    snap(&mut h, "basics-empty");
    h.keys("<Enter>Search<Space>shows<Space>products<Space>that<Space>are<Space>out<Space>of<Space>stock<Enter>");
    // Enter sets a field and goes on to the next one.
    h.keys("<Enter>Feed<Space>search<Space>from<Space>the<Space>change<Space>log<Enter>");
    h.keys("<Enter>No<Space>phantom<Space>stock;<Space>index<Space>lag<Space>under<Space>60<Space>s<Enter>");
    h.keys("jj<Enter>99.9%<Space>of<Space>searches<Space>under<Space>300<Space>ms<Enter>");
    snap(&mut h, "basics-filled");
    h.keys("<Esc>");
    assert!(h.app.overlay.is_none());
    let s = &h.session().session;
    assert_eq!(s.problem, "Search shows products that are out of stock");
    assert_eq!(s.tldr, "Feed search from the change log");
    assert_eq!(s.goals, ["No phantom stock", "index lag under 60 s"]);
    assert_eq!(s.service.slo, "99.9% of searches under 300 ms");
    let a = design_advisor::engine::assess(&h.app.kb, s);
    let design = design_advisor::export::design::render(&h.app.kb, s, &a, &[]);
    for expected in [
        "**Problem**: Search shows products that are out of stock",
        "**TL;DR**: Feed search from the change log",
        "No phantom stock",
    ] {
        assert!(design.contains(expected), "{expected:?} missing:\n{design}");
    }
}

/// The step of a new feature's plan with this kind.
fn go_to(h: &mut Harness, kind: app::StepKind) {
    let at = h
        .session()
        .steps()
        .iter()
        .position(|st| st.kind == kind)
        .unwrap();
    let here = h.session().step;
    for _ in here..at {
        h.keys("]");
    }
    assert_eq!(h.session().kind(), kind);
}

#[test]
fn a_channel_is_added_and_written_in_its_form() {
    use design_advisor::workflow::RecordKind;
    let mut h = Harness::new();
    new_feature(&mut h);
    go_to(&mut h, app::StepKind::Records(RecordKind::Channel));
    snap(&mut h, "channels-empty");
    h.keys("a");
    snap(&mut h, "channel-name");
    h.keys("preferences.changed.v1<Enter>");
    // The form opens on the field after the name.
    assert!(matches!(
        h.app.overlay,
        Some(app::Overlay::Form { cursor: 1, .. })
    ));
    snap(&mut h, "channel-form");
    // Enter writes a field and goes on to the next one.
    h.keys("<Enter>A<Space>user's<Space>notification<Space>preferences<Space>changed,<Space>for<Space>the<Space>senders<Space>to<Space>honour<Space>at<Space>once");
    snap(&mut h, "channel-field");
    h.keys("<C-o>");
    assert!(h.app.full_editor);
    snap(&mut h, "channel-field-full-screen");
    h.keys("<C-o><Enter>");
    // A payload field with a type that JSON Schema does not have is refused, and says so.
    h.keys("<Enter>user_id<Space>text<Enter>");
    snap(&mut h, "channel-field-error");
    h.keys("<BS><BS><BS><BS>string<Space>required<Space>pii;<Space>enabled<Space>boolean<Enter>");
    // Space cycles a choice in place.
    h.keys("j<Space>");
    // Esc keeps what was typed (the owner), then closes the form.
    h.keys("jjj<Enter>notifications-team<Esc>");
    assert!(matches!(h.app.overlay, Some(app::Overlay::Form { .. })));
    let c = &h.session().session.channels[0];
    assert_eq!(c.name, "preferences.changed.v1");
    assert!(
        c.purpose
            .starts_with("A user's notification preferences changed")
    );
    assert_eq!(c.fields.len(), 2);
    assert!(c.fields[0].pii && c.fields[0].required);
    assert_eq!(c.role, design_advisor::session::ChannelRole::Consumed);
    assert_eq!(c.owner, "notifications-team");
    h.keys("<Esc>");
    assert!(h.app.overlay.is_none());
    snap(&mut h, "channels-one");
    // A paragraph pasted into a field arrives whole, its lines joined.
    h.keys("<Enter>j<Enter>");
    app::update(
        &mut h.app,
        Action::Paste(" Also the SMS sender.\nAnd the digest job.".into()),
    );
    h.keys("<Enter><Esc>");
    assert!(
        h.session().session.channels[0]
            .purpose
            .ends_with("honour at once Also the SMS sender. And the digest job."),
        "{}",
        h.session().session.channels[0].purpose
    );
    // Deleting asks first; no keeps it.
    h.keys("x");
    snap(&mut h, "channel-delete");
    h.keys("n");
    assert_eq!(h.session().session.channels.len(), 1);
    h.keys("xy");
    assert!(h.session().session.channels.is_empty());
}

#[test]
fn decisions_runbooks_and_launches_have_forms_too() {
    use design_advisor::workflow::RecordKind;
    let mut h = Harness::new();
    new_feature(&mut h);
    go_to(&mut h, app::StepKind::Records(RecordKind::Decision));
    h.keys("aStore<Space>preferences<Space>per<Space>user<Enter>");
    h.keys("<Enter>One<Space>row<Space>per<Space>user<Space>and<Space>channel<Enter>");
    h.keys("<Enter>A<Space>JSON<Space>document<Space>per<Space>user;<Space>a<Space>key-value<Space>store<Enter>");
    h.keys("<Enter>Opt-out<Space>per<Space>channel<Space>is<Space>the<Space>law<Enter>");
    h.keys("<Space>"); // proposed → accepted
    snap(&mut h, "decision-form");
    h.keys("<Esc>");
    snap(&mut h, "decisions-one");
    let d = &h.session().session.decisions[0];
    assert_eq!(d.number, 1);
    assert_eq!(d.decision, "One row per user and channel");
    assert_eq!(d.options.len(), 2);
    assert_eq!(d.drivers, ["Opt-out per channel is the law"]);
    assert_eq!(d.status, design_advisor::session::AdrStatus::Accepted);
    // A due date that is not a date is refused; Esc twice leaves without it.
    h.keys("<Enter>GGk<Enter>soon<Esc>");
    assert!(matches!(
        h.app.overlay,
        Some(app::Overlay::Input { error: Some(_), .. })
    ));
    h.keys("<Esc><Esc>");
    assert!(h.app.overlay.is_none());
    assert_eq!(h.session().session.decisions[0].due, None);

    go_to(&mut h, app::StepKind::Records(RecordKind::Runbook));
    h.keys("apreferences-dlq-growing<Enter><Enter>preferences.changed.v1<Enter>");
    h.keys("<Enter>notifications<Space>on-call<Enter><Esc>");
    snap(&mut h, "runbooks-one");
    let r = &h.session().session.runbooks[0];
    assert_eq!(r.channel, "preferences.changed.v1");
    assert_eq!(r.who_is_paged, "notifications on-call");

    go_to(&mut h, app::StepKind::Records(RecordKind::Launch));
    h.keys("a2027-01-10<Enter><Enter>Ship<Space>behind<Space>a<Space>flag<Enter><Esc>");
    snap(&mut h, "launch-one");
    let l = &h.session().session.launches[0];
    assert_eq!(l.date.to_string(), "2027-01-10");
    assert_eq!(l.notes, "Ship behind a flag");
}

#[test]
fn a_question_marks_today_beside_the_target_and_a_note_fills_the_screen() {
    let mut h = Harness::new();
    new_feature(&mut h);
    h.keys("]"); // data requirements: a single-choice question
    h.keys("j<Space>"); // target: the second option
    h.keys("m<Up><Space>"); // today: the first
    let qid = app::current_question(&h.app.kb, h.session()).unwrap();
    let answer = h.session().session.answer(&qid).unwrap().clone();
    assert_eq!(answer.choices.len(), 1);
    assert_eq!(answer.today.len(), 1);
    assert_ne!(answer.choices, answer.today);
    snap(&mut h, "question-today");
    h.keys("m");
    assert!(!h.session().marking_today);
    h.keys("eA<Space>longer<Space>note<C-o>");
    snap(&mut h, "note-full-screen");
    // More lines than the box holds: the box says so.
    h.keys("<Enter>two<Enter>three<Enter>four<Enter>five");
    h.keys("<Esc>");
    let screen = h.screen(80, 24);
    assert!(screen.contains("… more: e opens it"), "{screen}");
    assert!(!h.app.full_editor);
    assert_eq!(
        h.session().session.answer(&qid).unwrap().note,
        "A longer note\ntwo\nthree\nfour\nfive"
    );
}
