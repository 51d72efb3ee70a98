//! Moving around fast and reopening safely, without a terminal: the search that jumps to a
//! question, the review overview, stale documents, the write's changes shown before it,
//! learn mode's links between the catalog and the decision graph, and bounded scrolling.
//! Screens are snapshotted at 80x24 and 120x40.

use design_advisor::tui::app::{self, Overlay, Pane, Screen, StepKind};
use ratatui::layout::Rect;

#[path = "support/tui_harness.rs"]
mod harness;
use harness::{Harness, KB};

/// Snapshots one screen at the two standard sizes.
fn snap(h: &mut Harness, name: &str) {
    insta::assert_snapshot!(format!("{name}-80x24"), h.screen(80, 24));
    insta::assert_snapshot!(format!("{name}-120x40"), h.screen(120, 40));
    h.app.size = Rect::new(0, 0, 120, 40);
}

fn overview_open(h: &Harness) -> bool {
    matches!(h.app.overlay, Some(Overlay::Overview { .. }))
}

#[test]
fn an_example_opens_on_its_overview_which_comes_back_on_o() {
    let mut h = Harness::new();
    h.example("search-analytics-drift");
    assert!(overview_open(&h), "an example opens on its overview");
    let screen = h.screen(120, 40);
    let a = design_advisor::engine::assess(&KB, &h.session().session);
    let statement: String = a.tier.statement().chars().take(40).collect();
    assert!(screen.contains(&statement), "{screen}");
    assert!(screen.contains("Anti-patterns found (2)"), "{screen}");
    assert!(screen.contains("(fix with:"), "{screen}");
    assert!(screen.contains("Open TBDs"), "{screen}");
    snap(&mut h, "overview-example");
    h.keys("<Esc>");
    assert!(!overview_open(&h), "Esc goes to work");
    assert_eq!(h.session().focus, Pane::Main);
    h.keys("O");
    assert!(overview_open(&h), "O shows it again");
    h.keys("<Enter>");
    assert!(!overview_open(&h), "so does Enter");
}

#[test]
fn the_overview_marks_overdue_tbds_and_names_their_owners() {
    let mut h = Harness::new();
    h.example("search-analytics-drift");
    let Screen::Session(s) = &mut h.app.screen else {
        unreachable!()
    };
    // Two TBDs: one overdue with an owner, one due later without.
    for (q, due) in [
        ("distributed.consistency", "2026-11-01"),
        ("requirements.scale", "2027-01-15"),
    ] {
        let a = s.session.answers.entry(q.into()).or_default();
        a.tbd = true;
        a.due = Some(due.parse().unwrap());
    }
    s.session
        .answers
        .get_mut("distributed.consistency")
        .unwrap()
        .owner = "data-platform".into();
    h.keys("<Esc>O");
    let screen = h.screen(120, 40);
    let overdue = screen
        .lines()
        .position(|l| l.contains("! overdue:") && l.contains("owner data-platform"))
        .unwrap_or_else(|| panic!("the overdue TBD is marked, with its owner:\n{screen}"));
    let later = screen
        .lines()
        .position(|l| l.contains("due 2027-01-15"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(overdue < later, "overdue first:\n{screen}");
    assert!(screen.contains("no owner yet · due 2027-01-15"), "{screen}");
}

#[test]
fn search_jumps_to_a_question_with_the_cursor_on_its_chosen_option() {
    let mut h = Harness::new();
    h.example("search-analytics-drift");
    h.keys("<Enter>");
    let start_step = h.session().step;
    h.keys("/consistent<Space>reads");
    assert!(matches!(h.app.overlay, Some(Overlay::Jump { .. })));
    snap(&mut h, "jump-search");
    h.keys("<Enter>");
    assert!(h.app.overlay.is_none());
    let s = h.session();
    assert_ne!(s.step, start_step);
    assert_eq!(s.focus, Pane::Main);
    assert_eq!(
        app::current_question(&KB, s).as_deref(),
        Some("requirements.consistency")
    );
    let q = KB.question("requirements.consistency").unwrap();
    assert_eq!(
        q.choice[s.choice].id.get_ref(),
        "eventual",
        "the cursor is on the chosen option"
    );
    // Words match in any order and across the choices' labels.
    let hits = app::jump_hits(&KB, h.session(), "linearizable consistent");
    assert!(
        hits.iter()
            .any(|x| x.label.starts_with("How consistent must reads be")),
        "{hits:?}"
    );
    // A catalog entry found the same way opens in the catalog; Esc comes back.
    h.keys("/outbox");
    let hits = app::jump_hits(&KB, h.session(), "outbox");
    let entry = hits
        .iter()
        .position(|x| matches!(x.target, app::JumpTarget::Entry(_)))
        .expect("the catalog has an outbox");
    for _ in 0..entry {
        h.keys("<Down>");
    }
    h.keys("<Enter>");
    assert!(matches!(h.app.screen, Screen::Catalog(_)));
    h.keys("<Esc>");
    assert!(matches!(h.app.screen, Screen::Session(_)));
    // Esc in the search leaves the session where it was.
    let before = (h.session().step, h.session().question.clone());
    h.keys("/reads<Esc>");
    assert!(h.app.overlay.is_none());
    assert_eq!((h.session().step, h.session().question.clone()), before);
}

#[test]
fn learn_mode_offers_no_session_keys_and_one_esc_leaves_it() {
    let mut h = Harness::new();
    h.keys("t");
    assert!(matches!(h.app.screen, Screen::Graph(_)));
    for (w, hh) in [(80, 24), (120, 40)] {
        let screen = h.screen(w, hh);
        let bar = screen.lines().last().unwrap().to_string();
        for session_only in ["add the bundle", "next pane", "next step", "paths taken"] {
            assert!(!bar.contains(session_only), "{session_only} in {bar}");
        }
    }
    // ] and Tab do nothing here; a does not pretend to add.
    h.keys("]<Tab>a");
    assert!(h.app.status.is_empty(), "{}", h.app.status);
    h.keys("j<Enter><Enter><Enter>");
    let Screen::Graph(nav) = &h.app.screen else {
        panic!()
    };
    assert_eq!(nav.path.len(), 4);
    assert!(nav.current(&KB).unwrap().is_leaf());
    snap(&mut h, "learn-leaf");
    // At a leaf, Enter opens the pattern under the cursor in the catalog; Esc comes back.
    h.keys("j<Enter>");
    let Screen::Catalog(c) = &h.app.screen else {
        panic!("Enter at a leaf opens the catalog")
    };
    let entry = design_advisor::catalog::search(&KB, &c.query)[c.cursor];
    let leaf = KB.node("propagation-cdc").unwrap();
    assert_eq!(entry.id(), leaf.patterns[1].get_ref());
    h.keys("<Esc>");
    assert!(matches!(&h.app.screen, Screen::Graph(n) if n.path.len() == 4));
    // One Esc leaves learn mode, however deep.
    h.keys("<Esc>");
    assert!(matches!(h.app.screen, Screen::Start { .. }));
}

#[test]
fn catalog_entries_link_to_their_places_in_the_graph_and_back() {
    let mut h = Harness::new();
    h.keys("c/change<Space>data<Space>capture<Enter>");
    let Screen::Catalog(c) = &h.app.screen else {
        panic!()
    };
    let entry = design_advisor::catalog::search(&KB, &c.query)[c.cursor];
    assert_eq!(entry.kind(), "pattern");
    let screen = h.screen(120, 40);
    assert!(screen.contains("[1] graph:"), "{screen}");
    snap(&mut h, "catalog-links");
    let places = design_advisor::catalog::graph_paths(&KB, entry.id());
    assert!(!places.is_empty());
    h.keys("1");
    let Screen::Graph(nav) = &h.app.screen else {
        panic!("1 follows the first link, into the graph")
    };
    assert_eq!(nav.path, places[0]);
    let leaf = nav.current(&KB).unwrap();
    assert!(leaf.patterns.iter().any(|p| p.get_ref() == entry.id()));
    h.keys("<Esc>");
    assert!(
        matches!(h.app.screen, Screen::Catalog(_)),
        "Esc goes back to the entry"
    );
    // An anti-pattern links to the patterns that fix it.
    h.keys("/<BS><BS><BS><BS><BS><BS><BS><BS><BS><BS><BS><BS><BS><BS><BS><BS><BS><BS><BS><BS>dual<Space>write<Enter>");
    let Screen::Catalog(c) = &h.app.screen else {
        panic!()
    };
    let anti = design_advisor::catalog::search(&KB, &c.query)[c.cursor];
    assert_eq!(anti.kind(), "anti-pattern");
    let links = design_advisor::catalog::links(&KB, anti);
    assert!(!links.is_empty(), "an anti-pattern links to its fixes");
    h.keys("1");
    let Screen::Catalog(c) = &h.app.screen else {
        panic!()
    };
    let fix = design_advisor::catalog::search(&KB, &c.query)[c.cursor];
    assert_eq!(
        design_advisor::catalog::Link::Entry(fix.id().to_string()),
        links[0].1
    );
}

#[test]
fn the_advisor_numbers_open_anti_patterns_and_patterns_in_the_catalog() {
    let mut h = Harness::new();
    h.example("search-analytics-drift");
    h.keys("<Enter><Tab>");
    assert_eq!(h.session().focus, Pane::Advisor);
    let a = design_advisor::engine::assess(&KB, &h.session().session);
    let first = a.findings[0].antipattern.id.get_ref().to_string();
    let pattern = a.patterns[0].pattern.id.get_ref().to_string();
    let n = a.findings.len() + 1;
    h.keys("1");
    let Screen::Catalog(c) = &h.app.screen else {
        panic!("1 opens the first anti-pattern")
    };
    assert_eq!(
        design_advisor::catalog::search(&KB, &c.query)[c.cursor].id(),
        first
    );
    h.keys("<Esc>");
    assert!(matches!(h.app.screen, Screen::Session(_)));
    h.keys(&n.to_string());
    let Screen::Catalog(c) = &h.app.screen else {
        panic!("the number after the anti-patterns opens the first pattern")
    };
    assert_eq!(
        design_advisor::catalog::search(&KB, &c.query)[c.cursor].id(),
        pattern
    );
}

/// A new feature "Order search" with its first threshold question answered.
fn answered_feature(h: &mut Harness) {
    h.keys("<Enter>Order<Space>search<Enter><Enter>");
    h.keys("j<Enter>");
    assert!(h.runner.save_now(&mut h.app));
}

fn review(h: &mut Harness) {
    let i = h
        .session()
        .steps()
        .iter()
        .position(|s| s.kind == StepKind::Review)
        .unwrap();
    let Screen::Session(s) = &mut h.app.screen else {
        unreachable!()
    };
    s.step = i;
    s.focus = Pane::Main;
    // Any key refreshes the review cache; Home scrolls the preview to its top.
    h.keys("<Home>");
}

#[test]
fn documents_written_before_a_change_are_stale_on_the_start_screen_review_and_overview() {
    let mut h = Harness::new();
    answered_feature(&mut h);
    review(&mut h);
    h.keys("wy");
    assert!(h.app.status.starts_with("wrote"), "{}", h.app.status);
    let screen = h.screen(120, 40);
    assert!(!screen.contains("stale"), "just written:\n{screen}");
    let review_mark = |screen: &str| {
        screen
            .lines()
            .find(|l| l.contains("Review & export") && l.starts_with('│'))
            .map(|l| l.chars().nth(1).unwrap())
    };
    assert_eq!(review_mark(&screen), Some('✓'), "written: done\n{screen}");
    // Opened again unchanged: still done, not "not started".
    let found = design_advisor::workflow::find_sessions(&KB, h.root());
    assert!(found[0].stale.is_empty());
    let action = h.runner.open(&KB, &found[0].path);
    let effects = app::update(&mut h.app, action);
    h.runner.run(&mut h.app, effects);
    h.keys("<Enter>");
    let screen = h.screen(120, 40);
    assert_eq!(review_mark(&screen), Some('✓'), "reopened: done\n{screen}");
    review(&mut h);
    // The session moves on: the documents on disk are now stale.
    h.keys("<Esc>g<Enter>j");
    assert_eq!(
        h.session().kind(),
        StepKind::Questions(design_advisor::kb::Step::Threshold)
    );
    h.keys("<Enter>");
    review(&mut h);
    let screen = h.screen(120, 40);
    assert!(screen.contains("Stale on disk: design.md"), "{screen}");
    assert!(
        screen
            .lines()
            .any(|l| l.contains("design.md") && l.contains("· stale on disk")),
        "{screen}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.contains("◐ ") && l.contains("Review & export")),
        "written, then stale: begun, not done\n{screen}"
    );
    snap(&mut h, "review-stale");
    h.keys("q");
    assert!(h.quit);

    // Reopened later: the start screen says so, and so does the overview.
    let mut h = Harness::in_dir(h.dir);
    let screen = h.screen(80, 24);
    assert!(
        screen.contains("stale: design.md"),
        "the start screen names the stale documents:\n{screen}"
    );
    snap(&mut h, "start-stale");
    h.keys("jjj<Enter>");
    assert!(overview_open(&h));
    let screen = h.screen(120, 40);
    assert!(screen.contains("stale: design.md"), "{screen}");
    snap(&mut h, "overview-stale");
    // Written again: nothing is stale, and the record makes that cheap to tell.
    h.keys("<Enter>");
    review(&mut h);
    h.keys("wy");
    assert!(h.app.status.starts_with("wrote"), "{}", h.app.status);
    let s = h.session();
    assert!(s.docs.current_for(&s.session));
    let found = design_advisor::workflow::find_sessions(&KB, h.root());
    assert!(found[0].stale.is_empty(), "{:?}", found[0].stale);
}

#[test]
fn a_document_edited_by_hand_is_not_called_stale() {
    let mut h = Harness::new();
    answered_feature(&mut h);
    review(&mut h);
    h.keys("wy");
    let design = h.root().join("docs/features/order-search/design.md");
    let mut text = std::fs::read_to_string(&design).unwrap();
    text.push_str("\nA line written by hand.\n");
    std::fs::write(&design, text).unwrap();
    // The session changes too: every document differs from what it would write now.
    h.keys("<Esc>g<Enter>j<Enter>");
    assert!(h.runner.save_now(&mut h.app));
    let found = design_advisor::workflow::find_sessions(&KB, h.root());
    assert_eq!(found[0].stale.by_hand, ["design.md"]);
    assert!(!found[0].stale.stale.contains(&"design.md".to_string()));
}

#[test]
fn a_write_shows_its_changed_lines_before_asking() {
    let mut h = Harness::new();
    answered_feature(&mut h);
    review(&mut h);
    h.keys("wy");
    // Change one answer: only the lines it touches are shown.
    h.keys("<Esc>g<Enter>j");
    h.keys("<Enter>");
    review(&mut h);
    h.keys("w");
    let Some(Overlay::WriteDiff { changes, .. }) = &h.app.overlay else {
        panic!("w shows the changes first: {:?}", h.app.overlay)
    };
    assert!(
        changes
            .iter()
            .all(|c| c.state == design_advisor::workflow::FileState::Changed)
    );
    let design = changes
        .iter()
        .find(|c| c.path.ends_with("design.md"))
        .expect("design.md changes");
    assert!(design.added > 0 && design.removed > 0);
    assert!(design.added < 20, "only the changed lines: {design:?}");
    snap(&mut h, "write-diff-changed");
    let on_disk =
        std::fs::read_to_string(h.root().join("docs/features/order-search/design.md")).unwrap();
    h.keys("n");
    assert!(h.app.status.contains("nothing was written"));
    assert_eq!(
        std::fs::read_to_string(h.root().join("docs/features/order-search/design.md")).unwrap(),
        on_disk
    );
    // Scrolling stops at the end: one Up comes back at once.
    h.keys("w<End>");
    let Some(Overlay::WriteDiff { scroll, .. }) = &h.app.overlay else {
        panic!()
    };
    let end = *scroll;
    h.keys("<PgDn><PgDn><Down><Up>");
    let Some(Overlay::WriteDiff { scroll, .. }) = &h.app.overlay else {
        panic!()
    };
    assert_eq!(*scroll, end.saturating_sub(1));
    h.keys("y");
    assert!(h.app.status.starts_with("wrote"), "{}", h.app.status);
}

/// Presses `key` `n` times.
fn press(h: &mut Harness, key: &str, n: usize) {
    for _ in 0..n {
        h.keys(key);
    }
}

#[test]
fn the_review_preview_scrolls_to_its_end_and_no_further_and_can_take_the_whole_screen() {
    let mut h = Harness::new();
    h.example("ledger-transfer-2pc");
    h.keys("<Enter>");
    review(&mut h);
    let max = h.app.preview_max_scroll();
    assert!(max > 0, "design.md is longer than the preview");
    press(&mut h, "<PgDn>", 200);
    assert_eq!(h.session().preview_scroll, max, "stops at the end");
    h.keys("<Up>");
    assert_eq!(h.session().preview_scroll, max - 1, "Up answers at once");
    h.keys("<End>");
    assert_eq!(h.session().preview_scroll, max);
    // The last line of the document is on screen at the end.
    let screen = h.screen(120, 40);
    assert!(screen.contains("generated by design-advisor"), "{screen}");
    // z: the preview over the whole width; the steps and the advisor step aside.
    h.keys("<Home>z");
    assert!(h.session().preview_full);
    let screen = h.screen(120, 40);
    assert!(
        !screen.contains("┌ Steps") && !screen.contains("┌ Advisor"),
        "{screen}"
    );
    assert!(
        screen.lines().nth(1).unwrap().chars().count() == 120,
        "the main pane spans the width:\n{screen}"
    );
    snap(&mut h, "review-full-screen");
    h.keys("<Tab>");
    assert_eq!(
        h.session().focus,
        Pane::Main,
        "no hidden pane takes the focus"
    );
    let full_max = h.app.preview_max_scroll();
    assert!(full_max < max, "wider lines wrap less: {full_max} < {max}");
    h.keys("z");
    assert!(!h.session().preview_full);
}

#[test]
fn the_advisor_and_the_catalog_entry_scroll_to_their_end_and_no_further() {
    let mut h = Harness::new();
    h.example("search-analytics-drift");
    h.keys("<Enter><Tab>");
    assert_eq!(h.session().focus, Pane::Advisor);
    // A short terminal: the advisor holds more than it shows.
    h.app.size = Rect::new(0, 0, 120, 24);
    let max = h.app.advisor_max_scroll();
    assert!(max > 0);
    press(&mut h, "j", 300);
    assert_eq!(h.session().advisor_scroll, max);
    h.keys("k");
    assert_eq!(h.session().advisor_scroll, max - 1, "Up answers at once");

    let mut h = Harness::new();
    h.keys("c");
    let max = h.app.catalog_max_scroll();
    assert!(max > 5);
    press(&mut h, "<PgDn>", 300);
    let Screen::Catalog(c) = &h.app.screen else {
        panic!()
    };
    assert_eq!(c.detail_scroll, max);
    h.keys("<PgUp>");
    let Screen::Catalog(c) = &h.app.screen else {
        panic!()
    };
    assert_eq!(c.detail_scroll, max - 5, "PgUp answers at once");
}

#[test]
fn at_80x24_the_title_bar_carries_the_folded_advisor() {
    let mut h = Harness::new();
    h.example("search-analytics-drift");
    h.keys("<Enter>");
    let a = design_advisor::engine::assess(&KB, &h.session().session);
    let screen = h.screen(80, 24);
    let title = screen.lines().next().unwrap();
    let folded = format!(
        "· {} · ⚠ {} · TBD {}",
        a.tier.earned_name(),
        a.findings.len(),
        a.tbds.len()
    );
    assert!(
        title.contains(&folded),
        "{folded:?} missing from the title bar: {title}"
    );
    // Not at 120 columns, where the advisor has its own panel.
    let screen = h.screen(120, 40);
    assert!(!screen.lines().next().unwrap().contains("· ⚠ "));
}

#[test]
fn the_paths_view_draws_separate_walks_as_branches_of_a_tree() {
    let mut h = Harness::new();
    answered_feature(&mut h);
    let places = design_advisor::catalog::graph_paths(&KB, "change-data-capture");
    assert!(places.len() >= 3);
    let graph = h
        .session()
        .steps()
        .iter()
        .position(|s| s.kind == StepKind::Graph)
        .unwrap();
    let Screen::Session(s) = &mut h.app.screen else {
        unreachable!()
    };
    for (i, nodes) in places.iter().take(3).enumerate() {
        s.session.paths.push(design_advisor::session::GraphPath {
            nodes: nodes.clone(),
            added: i != 1,
            ..Default::default()
        });
    }
    s.step = graph;
    s.focus = Pane::Main;
    h.keys("v");
    let screen = h.screen(120, 40);
    // Three walks from one root: the root once, the branches drawn, each end marked.
    assert_eq!(
        screen.matches("What are you designing for?").count(),
        1,
        "{screen}"
    );
    assert!(screen.contains("├─ ") && screen.contains("└─ "), "{screen}");
    let main: Vec<&str> = screen.lines().filter_map(|l| l.split('┃').nth(1)).collect();
    assert_eq!(
        main.iter().filter(|l| l.trim_end().ends_with(" ✓")).count(),
        2,
        "{screen}"
    );
    assert_eq!(
        main.iter().filter(|l| l.contains("· not")).count(),
        1,
        "{screen}"
    );
    snap(&mut h, "paths-tree");
}

#[test]
fn long_option_labels_wrap_whole_and_a_click_on_any_of_their_rows_picks_them() {
    let mut h = Harness::new();
    h.keys("t");
    let root = KB.roots().next().unwrap();
    let long = root
        .option
        .iter()
        .find(|o| o.label.chars().count() > 80)
        .expect("a label longer than an 80-column pane");
    let screen = h.screen(80, 24);
    let last_word = long.label.split_whitespace().last().unwrap();
    assert!(
        screen.contains(last_word) && !screen.contains('…'),
        "the whole label shows, nothing is cut:\n{screen}"
    );
    // The second row of the first (wrapped) option still belongs to it.
    h.app.size = Rect::new(0, 0, 80, 24);
    let l = design_advisor::tui::layout::Regions::new(h.app.size, &h.app);
    assert!(l.rows[0] >= 2, "{:?}", l.rows);
    let second_row = ratatui::layout::Position::new(l.options.x + 4, l.options.y + 1);
    assert_eq!(l.list_row(l.options, second_row), Some(0));
    let after = ratatui::layout::Position::new(l.options.x + 4, l.options.y + l.rows[0]);
    assert_eq!(l.list_row(l.options, after), Some(1));
}
