//! The workflow layer both front ends share: typed edits with the session's rules, saving
//! without lost updates, publishing with a typed outcome, and the effects `update` asks
//! the shell for.

use design_advisor::export::files::Force;
use design_advisor::kb::{KnowledgeBase, Step};
use design_advisor::session::{self, Date, Mode, Session};
use design_advisor::tui::app::{self, Action, App, Effect, Screen};
use design_advisor::tui::keys::parse_script;
use design_advisor::workflow::file::{self, CreateError, SessionFile};
use design_advisor::workflow::plan::{self, StepKind};
use design_advisor::workflow::{
    self, Change, Edit, EditError, InventoryItem, Published, SaveOutcome,
};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

static KB: LazyLock<Arc<KnowledgeBase>> = LazyLock::new(|| Arc::new(KnowledgeBase::builtin()));
const TODAY: Date = Date {
    year: 2026,
    month: 12,
    day: 1,
};

fn fresh() -> Session {
    Session::new("Order search", TODAY)
}

#[test]
fn every_question_step_of_a_mode_is_a_source_of_tbds() {
    // Review mode walks the reliability checklist, so its unanswered questions are TBDs.
    let steps: Vec<Step> = plan::question_steps(&KB, Mode::Review, false);
    assert!(steps.contains(&Step::Reliability), "{steps:?}");
    let mut s = fresh();
    s.mode = Mode::Review;
    let a = design_advisor::engine::assess(&KB, &s);
    assert!(
        a.tbds
            .iter()
            .any(|t| t.question.id.get_ref() == "reliability.delivery"),
        "an unanswered reliability question is a TBD in review mode"
    );
    // Below the threshold, design mode keeps to the short path.
    let short: Vec<Step> = plan::question_steps(&KB, Mode::Design, true);
    assert_eq!(short, [Step::Threshold, Step::Requirements]);
    let walked: Vec<String> = plan::steps(&KB, Mode::Design)
        .into_iter()
        .filter(|st| plan::walked(Mode::Design, true, st))
        .map(|st| st.title)
        .collect();
    assert_eq!(
        walked,
        ["Threshold", "Data requirements", "Review & export"]
    );
}

#[test]
fn edits_enforce_the_session_rules() {
    let mut s = fresh();
    // Unknown ids are refused and change nothing.
    assert_eq!(
        workflow::apply(
            &KB,
            &mut s,
            Edit::Choose {
                question: "nope".into(),
                choice: "x".into()
            }
        ),
        Err(EditError::UnknownQuestion("nope".into()))
    );
    assert!(matches!(
        workflow::apply(
            &KB,
            &mut s,
            Edit::Choose {
                question: "reliability.delivery".into(),
                choice: "sometimes".into()
            }
        ),
        Err(EditError::UnknownChoice { .. })
    ));
    assert!(s.answers.is_empty());
    // An owner on an unanswered question makes it a TBD; choosing clears the mark.
    workflow::apply(
        &KB,
        &mut s,
        Edit::Owner {
            question: "reliability.delivery".into(),
            owner: " payments-team ".into(),
        },
    )
    .unwrap();
    let a = &s.answers["reliability.delivery"];
    assert!(a.tbd);
    assert_eq!(a.owner, "payments-team");
    workflow::apply(
        &KB,
        &mut s,
        Edit::Choose {
            question: "reliability.delivery".into(),
            choice: "at-least-once".into(),
        },
    )
    .unwrap();
    assert!(!s.answers["reliability.delivery"].tbd);
    // Toggling the chosen option of a single-choice question takes it back.
    workflow::apply(
        &KB,
        &mut s,
        Edit::Toggle {
            question: "reliability.delivery".into(),
            choice: "at-least-once".into(),
        },
    )
    .unwrap();
    assert!(s.answers["reliability.delivery"].choices.is_empty());
}

#[test]
fn inventory_edits_keep_flows_consistent_with_stores() {
    let mut s = fresh();
    assert_eq!(
        workflow::apply(
            &KB,
            &mut s,
            Edit::AddFlow {
                ends: "a -> b".into()
            }
        ),
        Err(EditError::TooFewStores)
    );
    for name in ["PostgreSQL orders", "Elasticsearch"] {
        workflow::apply(&KB, &mut s, Edit::AddStore { name: name.into() }).unwrap();
    }
    assert_eq!(
        workflow::apply(
            &KB,
            &mut s,
            Edit::AddStore {
                name: "Elasticsearch".into()
            }
        ),
        Err(EditError::DuplicateStore("Elasticsearch".into()))
    );
    assert!(matches!(
        workflow::apply(
            &KB,
            &mut s,
            Edit::AddFlow {
                ends: "Elasticsearch -> Elasticsearch".into()
            }
        ),
        Err(EditError::FlowEnds(_))
    ));
    workflow::apply(
        &KB,
        &mut s,
        Edit::AddFlow {
            ends: "PostgreSQL orders -> Elasticsearch".into(),
        },
    )
    .unwrap();
    assert_eq!(s.flows.len(), 1);
    // Deleting a store takes its flows with it.
    assert_eq!(
        workflow::apply(
            &KB,
            &mut s,
            Edit::Delete {
                item: InventoryItem::Store(1)
            }
        ),
        Ok(Change::Inventory)
    );
    assert!(s.flows.is_empty());
    assert_eq!(
        workflow::apply(
            &KB,
            &mut s,
            Edit::Delete {
                item: InventoryItem::Flow(0)
            }
        ),
        Err(EditError::NoSuchItem)
    );
}

#[test]
fn bundles_are_added_only_at_a_leaf_and_evidence_met_by_answers_is_refused() {
    let mut s = fresh();
    let root = KB.roots().next().unwrap().id.get_ref().clone();
    assert_eq!(
        workflow::apply(&KB, &mut s, Edit::AddBundle { nodes: vec![root] }),
        Err(EditError::NotALeaf)
    );
    // Walk down the first options to a leaf.
    let mut nodes = vec![KB.roots().next().unwrap().id.get_ref().clone()];
    while let Some(o) = KB.node(nodes.last().unwrap()).unwrap().option.first() {
        nodes.push(o.to.get_ref().clone());
    }
    let change = workflow::apply(
        &KB,
        &mut s,
        Edit::AddBundle {
            nodes: nodes.clone(),
        },
    )
    .unwrap();
    assert!(matches!(change, Change::Bundle { added: true, .. }));
    assert_eq!(
        workflow::apply(
            &KB,
            &mut s,
            Edit::AddBundle {
                nodes: nodes.clone()
            }
        ),
        Ok(Change::Nothing),
        "adding twice records it once"
    );
    assert_eq!(s.paths.len(), 1);
    workflow::apply(&KB, &mut s, Edit::RemoveBundle { nodes }).unwrap();
    assert!(s.paths.is_empty());
    assert!(matches!(
        workflow::apply(
            &KB,
            &mut s,
            Edit::ToggleEvidence {
                id: "no-such".into()
            }
        ),
        Err(EditError::UnknownEvidence(_))
    ));
}

fn project() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = file::create(
        dir.path(),
        "Order search",
        "order-search",
        Mode::Design,
        TODAY,
    )
    .unwrap();
    (dir, path)
}

#[test]
fn a_save_never_overwrites_a_change_made_elsewhere_nor_brings_back_a_deleted_file() {
    let (dir, path) = project();
    let mut opened = SessionFile::open(&KB, &path, dir.path()).unwrap();
    let mut s = opened.session.clone();
    s.tldr = "ours".into();
    assert_eq!(opened.file.save(&s, 1), SaveOutcome::Saved(path.clone()));
    // Someone else edits it: the save stops.
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("ours", "theirs");
    std::fs::write(&path, &theirs).unwrap();
    s.tldr = "ours again".into();
    assert_eq!(
        opened.file.save(&s, 2),
        SaveOutcome::ChangedOnDisk(path.clone())
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    // Keeping theirs puts ours in a copy and hands back theirs to go on with.
    let kept = opened.file.keep_theirs(&KB, &s);
    let copy = kept.copy.unwrap();
    assert_eq!(session::load(&copy).unwrap().tldr, "ours again");
    let mut theirs_session = kept.theirs.unwrap();
    assert_eq!(theirs_session.tldr, "theirs");
    theirs_session.goals.push("a goal".into());
    assert_eq!(
        opened.file.save(&theirs_session, 3),
        SaveOutcome::Saved(path.clone())
    );
    assert_eq!(session::load(&path).unwrap().tldr, "theirs");
    // A deleted file is not written again by a save.
    std::fs::remove_file(&path).unwrap();
    assert_eq!(
        opened.file.save(&theirs_session, 4),
        SaveOutcome::Deleted(path.clone())
    );
    assert!(!path.exists());
    // Only when the person asks.
    assert_eq!(
        opened.file.overwrite(&theirs_session, 5),
        SaveOutcome::Saved(path.clone())
    );
    assert!(path.exists());
}

#[test]
fn creating_a_feature_whose_slug_exists_is_refused_not_reopened() {
    let (dir, path) = project();
    assert_eq!(
        file::create(dir.path(), "Other", "order-search", Mode::Design, TODAY),
        Err(CreateError::Exists(path))
    );
}

#[test]
fn publishing_has_a_typed_outcome() {
    let (dir, path) = project();
    let mut s = session::load(&path).unwrap();
    s.tldr = "Search for orders.".into();
    let out = workflow::publish(&KB, &s, dir.path(), Force::ALL).unwrap();
    let Published::Written { paths, .. } = out else {
        panic!("expected a write, got {out:?}")
    };
    assert!(paths.last().unwrap().ends_with("docs/system/catalog.md"));
    let design = dir.path().join("docs/features/order-search/design.md");
    assert!(paths.contains(&design));
    // A hand edit is reported with what it changed; nothing is written.
    let edited = std::fs::read_to_string(&design).unwrap() + "\nA line written by hand.\n";
    std::fs::write(&design, &edited).unwrap();
    match workflow::publish(
        &KB,
        &s,
        dir.path(),
        Force {
            critical: true,
            hand_edits: false,
        },
    )
    .unwrap()
    {
        Published::HandEdited { files, .. } => {
            assert_eq!(files.len(), 1);
            assert_eq!(files[0].path, design);
            assert!(
                files[0].summary.contains("A line written by hand."),
                "{}",
                files[0].summary
            );
        }
        other => panic!("expected hand edits, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&design).unwrap(), edited);
}

fn app_with_session() -> (tempfile::TempDir, App) {
    let (dir, path) = project();
    let mut app = App::new(KB.clone(), Vec::new(), TODAY);
    app.root = dir.path().to_path_buf();
    let opened = SessionFile::open(&KB, &path, dir.path()).unwrap();
    app::update(
        &mut app,
        Action::Opened(Ok(Box::new((opened.session, path, opened.related)))),
    );
    (dir, app)
}

fn key(app: &mut App, script: &str) -> Vec<Effect> {
    parse_script(script)
        .unwrap()
        .into_iter()
        .flat_map(|k| app::update(app, Action::Key(k)))
        .collect()
}

#[test]
fn update_asks_for_a_save_only_once_changes_settle() {
    let (_dir, mut app) = app_with_session();
    let t0 = Instant::now();
    assert!(
        key(&mut app, "j<Enter>").is_empty(),
        "answering does no I/O itself"
    );
    assert!(app::update(&mut app, Action::Tick(t0)).is_empty());
    assert!(app::update(&mut app, Action::Tick(t0 + Duration::from_millis(100))).is_empty());
    assert_eq!(
        app::update(&mut app, Action::Tick(t0 + app::SAVE_DEBOUNCE)),
        vec![Effect::Save]
    );
    // Changes typed without a pause are saved at the latest after SAVE_MAX.
    let mut effects = Vec::new();
    let mut t = t0 + Duration::from_secs(5);
    for i in 0..12 {
        key(&mut app, if i % 2 == 0 { "k<Enter>" } else { "j<Enter>" });
        effects.extend(app::update(&mut app, Action::Tick(t)));
        t += Duration::from_millis(100);
    }
    assert!(effects.contains(&Effect::Save), "{effects:?}");
}

#[test]
fn update_turns_outcomes_into_questions_and_pauses_saving_meanwhile() {
    let (_dir, mut app) = app_with_session();
    key(&mut app, "j<Enter>");
    let path = app.session().unwrap().path.clone().unwrap();
    let revision = app.session().unwrap().revision;
    app::update(
        &mut app,
        Action::Saved {
            revision,
            outcome: SaveOutcome::ChangedOnDisk(path.clone()),
        },
    );
    assert!(app.session().unwrap().save_paused);
    let t = Instant::now() + Duration::from_secs(10);
    app::update(&mut app, Action::Tick(t));
    assert!(
        app::update(&mut app, Action::Tick(t + Duration::from_secs(2))).is_empty(),
        "no autosave while the person decides"
    );
    assert_eq!(key(&mut app, "n"), vec![Effect::KeepTheirs]);
    // A deleted file: "y" writes it again, "n" detaches the session and saves a copy.
    app::update(
        &mut app,
        Action::Saved {
            revision,
            outcome: SaveOutcome::Deleted(path.clone()),
        },
    );
    assert_eq!(key(&mut app, "y"), vec![Effect::OverwriteSession]);
    app::update(
        &mut app,
        Action::Saved {
            revision,
            outcome: SaveOutcome::Deleted(path),
        },
    );
    let effects = key(&mut app, "n");
    assert!(
        matches!(effects.as_slice(), [Effect::SaveCopyTo(_)]),
        "{effects:?}"
    );
    assert!(
        app.session().unwrap().read_only(),
        "detached from the deleted file"
    );
    // Writing asks for a save, then for the changes the write would make; only a yes
    // to those publishes.
    let (_dir2, mut app) = app_with_session();
    let Screen::Session(s) = &mut app.screen else {
        unreachable!()
    };
    s.step = plan::steps(&KB, Mode::Design)
        .iter()
        .position(|st| st.kind == StepKind::Review)
        .unwrap();
    assert_eq!(key(&mut app, "w"), vec![Effect::Save, Effect::PreviewWrite]);
    let change = design_advisor::workflow::diff::changed("design.md".into(), "a\n", "b\n");
    app::update(&mut app, Action::Previewed(Ok(vec![change])));
    assert!(matches!(app.overlay, Some(app::Overlay::WriteDiff { .. })));
    assert_eq!(key(&mut app, "n"), vec![], "no writes nothing");
    assert!(app.overlay.is_none());
    assert!(app.status.contains("nothing was written"), "{}", app.status);
    key(&mut app, "w");
    let change = design_advisor::workflow::diff::changed("design.md".into(), "a\n", "b\n");
    app::update(&mut app, Action::Previewed(Ok(vec![change])));
    assert_eq!(key(&mut app, "y"), vec![Effect::Publish(Force::NONE)]);
    // Nothing to change: nothing is asked.
    app::update(&mut app, Action::Previewed(Ok(vec![])));
    assert!(app.overlay.is_none());
    assert!(app.status.contains("nothing to write"), "{}", app.status);
}

#[test]
fn evidence_the_answers_contradict_is_refused_and_a_contradicting_answer_unticks_it() {
    let mut s = fresh();
    let choose = |s: &mut Session, q: &str, c: &str| {
        workflow::apply(
            &KB,
            s,
            Edit::Choose {
                question: q.into(),
                choice: c.into(),
            },
        )
    };
    choose(&mut s, "concerns.tenancy", "multi-tenant-shared").unwrap();
    let refused = workflow::apply(
        &KB,
        &mut s,
        Edit::ToggleEvidence {
            id: "t4.tenant-isolation".into(),
        },
    );
    assert!(
        matches!(&refused, Err(EditError::EvidenceContradicted(reason)) if reason.contains("Multi-tenant")),
        "{refused:?}"
    );
    assert!(!s.evidence.contains("t4.tenant-isolation"));
    // Ticked while the tenants were isolated, unticked when the answer says shared.
    choose(&mut s, "concerns.tenancy", "multi-tenant-isolated").unwrap();
    workflow::apply(
        &KB,
        &mut s,
        Edit::ToggleEvidence {
            id: "t4.tenant-isolation".into(),
        },
    )
    .unwrap();
    assert!(s.evidence.contains("t4.tenant-isolation"));
    let change = choose(&mut s, "concerns.tenancy", "multi-tenant-shared").unwrap();
    let Change::AnswerUnticked { notes, .. } = change else {
        panic!("{change:?}")
    };
    assert_eq!(notes.len(), 1);
    assert!(notes[0].starts_with("evidence \"t4.tenant-isolation\" unticked"));
    assert!(!s.evidence.contains("t4.tenant-isolation"));
}

#[test]
fn a_question_may_not_apply_and_a_bundle_pattern_can_be_dropped() {
    let mut s = fresh();
    let na = |s: &mut Session, q: &str, because: &str| {
        workflow::apply(
            &KB,
            s,
            Edit::NotApplicable {
                question: q.into(),
                because: because.into(),
            },
        )
    };
    na(
        &mut s,
        "reliability.bad_messages",
        "No broker or queue at all.",
    )
    .unwrap();
    let a = &s.answers["reliability.bad_messages"];
    assert!(a.not_applicable);
    assert_eq!(a.note, "No broker or queue at all.");
    assert_eq!(
        na(&mut s, "reliability.retry", "no"),
        Err(EditError::AlwaysApplies)
    );
    na(&mut s, "reliability.bad_messages", "").unwrap();
    assert!(!s.answers["reliability.bad_messages"].not_applicable);

    let nodes: Vec<String> = ["root", "area-distributed", "read-latency"]
        .iter()
        .map(|n| n.to_string())
        .collect();
    let drop = |s: &mut Session, p: &str| {
        workflow::apply(
            &KB,
            s,
            Edit::TogglePattern {
                nodes: nodes.clone(),
                pattern: p.into(),
            },
        )
    };
    assert!(matches!(
        drop(&mut s, "cdn"),
        Err(EditError::NotInBundle(_))
    ));
    workflow::apply(
        &KB,
        &mut s,
        Edit::AddBundle {
            nodes: nodes.clone(),
        },
    )
    .unwrap();
    assert_eq!(
        drop(&mut s, "cdn"),
        Ok(Change::Pattern {
            pattern: "cdn".into(),
            kept: false
        })
    );
    let a = design_advisor::engine::assess(&KB, &s);
    assert!(!a.patterns.iter().any(|r| r.pattern.id.get_ref() == "cdn"));
    assert!(
        a.patterns
            .iter()
            .any(|r| r.pattern.id.get_ref() == "cache-aside")
    );
    assert!(matches!(
        drop(&mut s, "cdn"),
        Ok(Change::Pattern { kept: true, .. })
    ));
    assert!(matches!(
        drop(&mut s, "sharding"),
        Err(EditError::NotInBundle(_))
    ));
}

#[test]
fn the_step_plan_is_data_a_pack_can_change_and_bad_plans_are_reported_with_their_place() {
    use design_advisor::kb::{Source, load_builtin_with};
    let pack = |text: &str| Source {
        name: "team/modes.toml".into(),
        text: text.into(),
        layer: 1,
    };
    // A team's pack replaces the review mode's plan: its steps follow.
    let kb = load_builtin_with(vec![pack(
        r#"
[[mode]]
id = "review"
step = [
  { kind = "questions", questions = "review", title = "What we look at", short_path = true },
  { kind = "review", title = "Write it up", short_path = true },
]
"#,
    )])
    .unwrap();
    let titles: Vec<String> = plan::steps(&kb, Mode::Review)
        .into_iter()
        .map(|s| s.title)
        .collect();
    assert_eq!(titles, ["What we look at", "Write it up"]);
    let mut s = fresh();
    s.mode = Mode::Review;
    let a = design_advisor::engine::assess(&kb, &s);
    assert!(
        !a.tbds
            .iter()
            .any(|t| t.question.id.get_ref().starts_with("reliability.")),
        "TBDs follow the plan"
    );
    // Broken plans: each problem named with the file, line and key.
    let err = load_builtin_with(vec![pack(
        r#"
[[mode]]
id = "review"
step = [
  { kind = "questions", title = "No questions named" },
  { kind = "graph", questions = "threshold", title = "Graph with questions" },
]

[[mode]]
id = "sideways"
step = [{ kind = "review", title = "Review" }]
"#,
    )])
    .unwrap_err()
    .to_string();
    for expected in [
        "team/modes.toml:3:",
        "mode \"review\".step[0].questions",
        "mode \"review\".step[1].questions",
        "mode \"review\".step: a mode's last step is its review step",
        "team/modes.toml:10:",
        "unknown session mode",
    ] {
        assert!(err.contains(expected), "{expected:?} missing from:\n{err}");
    }
}

#[test]
fn an_exclusive_choice_and_the_others_exclude_each_other() {
    let mut s = fresh();
    let pick = |s: &mut Session, choice: &str| {
        workflow::apply(
            &KB,
            s,
            Edit::Toggle {
                question: "concerns.compliance".into(),
                choice: choice.into(),
            },
        )
        .unwrap();
        s.answers["concerns.compliance"].choices.clone()
    };
    assert_eq!(pick(&mut s, "pii"), ["pii"]);
    assert_eq!(pick(&mut s, "gdpr"), ["pii", "gdpr"]);
    // "None" clears the others; another choice clears "None".
    assert_eq!(pick(&mut s, "none"), ["none"]);
    assert_eq!(pick(&mut s, "pii"), ["pii"]);
}
