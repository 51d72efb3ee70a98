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
    let root = KB.roots().next().unwrap().id.get_ref().to_string();
    assert_eq!(
        workflow::apply(&KB, &mut s, Edit::AddBundle { nodes: vec![root] }),
        Err(EditError::NotALeaf)
    );
    // Walk down the first options to a leaf.
    let mut nodes = vec![KB.roots().next().unwrap().id.get_ref().to_string()];
    while let Some(o) = KB.node(nodes.last().unwrap()).unwrap().option.first() {
        nodes.push(o.to.get_ref().to_string());
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

/// A critical self-check finding blocks only its own file: the example's contract
/// contradicts itself (a closed schema under BACKWARD compatibility, a PII field under no
/// PII class), so it is left out and every other file is written; the terminal says which
/// and why and offers to write it anyway.
#[test]
fn a_broken_artifact_blocks_only_itself() {
    let (_, text) = design_advisor::kb::example_sessions()
        .iter()
        .find(|(n, _)| n.starts_with("notifications-causal-order"))
        .unwrap();
    let s = session::load_str(text, "notifications-causal-order.toml").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let feature = dir.path().join("docs/features").join(&s.slug);
    let contract = feature.join("contracts/messages.sent.v1.md");
    let out = workflow::publish(&KB, &s, dir.path(), Force::NONE).unwrap();
    let Published::Written { paths, blocked, .. } = &out else {
        panic!("expected a write, got {out:?}")
    };
    assert_eq!(blocked.len(), 1, "{blocked:?}");
    assert_eq!(blocked[0].path, contract);
    let rules: Vec<&str> = blocked[0].critical.iter().map(|f| f.rule).collect();
    assert!(
        rules.contains(&"closed-schema-backward") && rules.contains(&"channel-pii-fields"),
        "{rules:?}"
    );
    assert!(!contract.exists());
    for file in [
        "design.md",
        "README.md",
        "schemas/messages.sent.v1.json",
        "asyncapi/messages.sent.v1.yaml",
    ] {
        assert!(paths.contains(&feature.join(file)), "{file} not written");
    }
    let mut app = App::new(KB.clone(), Vec::new(), TODAY);
    app::update(&mut app, Action::Published(Ok(out), Vec::new()));
    let Some(app::Overlay::Confirm { message, .. }) = &app.overlay else {
        panic!("no question")
    };
    assert!(
        message.contains("messages.sent.v1.md") && message.contains("other documents were written"),
        "{message}"
    );
    assert_eq!(
        key(&mut app, "y"),
        vec![Effect::Publish(Force {
            critical: true,
            hand_edits: false
        })]
    );
}

/// A bundle gets an ADR only when the team asks for one: the request is a flag on its
/// added path, toggled by an edit that refuses a path that is not an added leaf bundle.
#[test]
fn an_adr_is_asked_for_per_added_bundle() {
    let mut s = fresh();
    let leaf = vec![
        "root".to_string(),
        "area-integration".to_string(),
        "derived-data-sync".to_string(),
        "propagation-cdc".to_string(),
    ];
    let adrs = |s: &Session| design_advisor::export::adr::decisions(&KB, s).len();
    assert_eq!(
        workflow::apply(
            &KB,
            &mut s,
            Edit::ToggleAdr {
                nodes: leaf.clone()
            }
        ),
        Err(EditError::BundleNotAdded)
    );
    assert_eq!(
        workflow::apply(
            &KB,
            &mut s,
            Edit::ToggleAdr {
                nodes: leaf[..3].to_vec()
            }
        ),
        Err(EditError::NotALeaf)
    );
    assert_eq!(
        workflow::apply(
            &KB,
            &mut s,
            Edit::ToggleAdr {
                nodes: vec!["root".into(), "no-such-node".into()]
            }
        ),
        Err(EditError::UnknownNode("no-such-node".into()))
    );
    workflow::apply(
        &KB,
        &mut s,
        Edit::AddBundle {
            nodes: leaf.clone(),
        },
    )
    .unwrap();
    assert_eq!(adrs(&s), 0, "an added bundle alone gets no ADR");
    let saved = session::to_toml(&s);
    assert!(!saved.contains("adr ="), "the flag is left out when false");
    assert!(matches!(
        workflow::apply(
            &KB,
            &mut s,
            Edit::ToggleAdr {
                nodes: leaf.clone()
            }
        ),
        Ok(Change::BundleAdr { adr: true, .. })
    ));
    assert_eq!(adrs(&s), 1);
    let saved = session::to_toml(&s);
    assert!(saved.contains("adr = true"), "{saved}");
    assert_eq!(adrs(&session::load_str(&saved, "s.toml").unwrap()), 1);
    assert!(matches!(
        workflow::apply(
            &KB,
            &mut s,
            Edit::ToggleAdr {
                nodes: leaf.clone()
            }
        ),
        Ok(Change::BundleAdr { adr: false, .. })
    ));
    assert_eq!(adrs(&s), 0);
    // The terminal's key asks for it on the bundle under the cursor.
    let (_dir, mut app) = app_with_session();
    let Screen::Session(sc) = &mut app.screen else {
        unreachable!()
    };
    sc.step = plan::steps(&KB, Mode::Design)
        .iter()
        .position(|st| st.kind == StepKind::Graph)
        .unwrap();
    sc.graph.path = leaf.clone();
    key(&mut app, "a");
    key(&mut app, "A");
    assert!(app.status.contains("an ADR will record"), "{}", app.status);
    let path = app
        .session()
        .unwrap()
        .session
        .paths
        .iter()
        .find(|p| p.nodes == leaf);
    assert!(path.is_some_and(|p| p.added && p.adr));
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
    // A list of records (here the channels) is walked once in a plan.
    let err = load_builtin_with(vec![pack(
        r#"
[[mode]]
id = "review"
step = [
  { kind = "channels", title = "Channels" },
  { kind = "decisions", title = "Decisions" },
  { kind = "channels", title = "Channels again" },
  { kind = "review", title = "Review" },
]
"#,
    )])
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("mode \"review\".step[2].kind") && err.contains("one channels step"),
        "{err}"
    );
    assert!(!err.contains("step[1].kind"), "{err}");
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

#[test]
fn channels_decisions_runbooks_and_launches_are_written_field_by_field() {
    use design_advisor::session::{AdrStatus, Change as Diff, ChannelRole};
    use workflow::{RecordField as F, RecordKind};
    let mut s = fresh();
    let apply = |s: &mut Session, e: Edit| workflow::apply(&KB, s, e);
    // A channel: added by its name, then every field from its one-line form.
    let add = |kind, name: &str| Edit::AddRecord {
        kind,
        name: name.into(),
    };
    assert_eq!(
        apply(&mut s, add(RecordKind::Channel, "  ")),
        Err(EditError::EmptyName("channel"))
    );
    assert_eq!(
        apply(&mut s, add(RecordKind::Channel, "preferences.changed.v1")),
        Ok(Change::Record {
            kind: RecordKind::Channel,
            index: 0
        })
    );
    assert_eq!(
        apply(&mut s, add(RecordKind::Channel, "preferences.changed.v1")),
        Err(EditError::DuplicateRecord("preferences.changed.v1".into()))
    );
    let set = |field, value: &str| Edit::SetField {
        index: 0,
        field,
        value: value.into(),
    };
    for (field, value) in [
        (
            F::ChannelPayload,
            "user_id string required pii; channel string required; enabled boolean",
        ),
        (F::ChannelRole, "both"),
        (F::ChannelChange, "unchanged"),
        (F::ChannelConsumers, "email-sender, push-sender"),
        (F::DlqName, "preferences.changed.v1.dlq"),
        (F::DlqOwner, "notifications-team"),
    ] {
        apply(&mut s, set(field, value)).unwrap_or_else(|e| panic!("{field:?}: {e}"));
    }
    let c = &s.channels[0];
    assert_eq!(c.fields.len(), 3);
    assert!(c.fields[0].required && c.fields[0].pii && c.fields[0].kind == "string");
    assert!(!c.fields[2].required && c.fields[2].kind == "boolean");
    assert_eq!(c.role, ChannelRole::Both);
    assert_eq!(c.change, Diff::Unchanged);
    assert_eq!(c.consumers, ["email-sender", "push-sender"]);
    assert_eq!(c.dlq.owner, "notifications-team");
    // Patterns by id or by name, kept as ids; an unknown one is refused.
    apply(
        &mut s,
        set(
            F::ChannelPatterns,
            "transactional-outbox, Publish-Subscribe Channel",
        ),
    )
    .unwrap();
    assert_eq!(
        s.channels[0].patterns,
        ["transactional-outbox", "publish-subscribe-channel"]
    );
    assert_eq!(
        apply(&mut s, set(F::ChannelPatterns, "teleportation")),
        Err(EditError::UnknownPattern("teleportation".into()))
    );
    // The one-line form reads back as it was written.
    assert_eq!(
        F::ChannelPayload.value(&s, 0),
        "user_id string required pii; channel string required; enabled boolean"
    );
    assert_eq!(
        F::ChannelChange.next_choice(&s, 0).as_deref(),
        Some("added")
    );
    // Refusals name what is wrong and change nothing.
    let before = s.clone();
    assert!(matches!(
        apply(&mut s, set(F::ChannelPayload, "user_id text")),
        Err(EditError::Payload { .. })
    ));
    assert!(matches!(
        apply(&mut s, set(F::ChannelPayload, "user_id")),
        Err(EditError::Payload { .. })
    ));
    assert!(matches!(
        apply(&mut s, set(F::ChannelRole, "sometimes")),
        Err(EditError::NotAChoice { .. })
    ));
    assert_eq!(
        apply(
            &mut s,
            Edit::SetField {
                index: 3,
                field: F::ChannelOwner,
                value: "x".into()
            }
        ),
        Err(EditError::NoSuchRecord)
    );
    assert_eq!(s, before);

    // A decision: numbered after the ones recorded, with options, drivers and a due date.
    apply(
        &mut s,
        add(RecordKind::Decision, "Store preferences per user"),
    )
    .unwrap();
    for (field, value) in [
        (
            F::DecisionChosen,
            "One row per user and channel in PostgreSQL",
        ),
        (
            F::DecisionOptions,
            "A JSON document per user; a key-value store",
        ),
        (
            F::DecisionDrivers,
            "Per-channel opt-out is the law; reads dominate",
        ),
        (F::DecisionStatus, "accepted"),
        (F::DecisionMakers, "ana, notifications-team"),
        (F::DecisionDue, "2026-12-15"),
    ] {
        apply(&mut s, set(field, value)).unwrap_or_else(|e| panic!("{field:?}: {e}"));
    }
    let d = &s.decisions[0];
    assert_eq!(d.number, 1);
    assert_eq!(d.options, ["A JSON document per user", "a key-value store"]);
    assert_eq!(d.drivers.len(), 2);
    assert_eq!(d.status, AdrStatus::Accepted);
    assert_eq!(d.decision_makers, ["ana", "notifications-team"]);
    assert_eq!(d.due.map(|d| d.to_string()).as_deref(), Some("2026-12-15"));
    assert!(matches!(
        apply(&mut s, set(F::DecisionDue, "next week")),
        Err(EditError::Date(_))
    ));
    apply(&mut s, add(RecordKind::Decision, "Broker")).unwrap();
    assert_eq!(s.decisions[1].number, 2);

    // A runbook and a launch; a launch is named by its date, one a date.
    apply(&mut s, add(RecordKind::Runbook, "preferences-dlq-growing")).unwrap();
    apply(
        &mut s,
        set(
            F::RunbookPaged,
            "notifications on-call, at 100 dead letters",
        ),
    )
    .unwrap();
    assert_eq!(
        s.runbooks[0].who_is_paged,
        "notifications on-call, at 100 dead letters"
    );
    assert!(matches!(
        apply(&mut s, add(RecordKind::Launch, "soon")),
        Err(EditError::Date(_))
    ));
    apply(&mut s, add(RecordKind::Launch, "2027-01-10")).unwrap();
    apply(&mut s, set(F::LaunchNotes, "Ship behind a flag")).unwrap();
    assert_eq!(s.launches[0].notes, "Ship behind a flag");
    assert!(matches!(
        apply(&mut s, add(RecordKind::Launch, "2027-01-10")),
        Err(EditError::DuplicateRecord(_))
    ));

    // Deleting takes the record out; a second delete of a missing one is refused.
    apply(
        &mut s,
        Edit::DeleteRecord {
            kind: RecordKind::Decision,
            index: 1,
        },
    )
    .unwrap();
    assert_eq!(s.decisions.len(), 1);
    assert_eq!(
        apply(
            &mut s,
            Edit::DeleteRecord {
                kind: RecordKind::Launch,
                index: 4,
            }
        ),
        Err(EditError::NoSuchRecord)
    );
    // What was entered reaches the ADR.
    let docs = design_advisor::export::artifacts::render_all(&KB, &s, &[]);
    let adr = &docs
        .iter()
        .find(|d| d.path.starts_with("adrs/0001"))
        .unwrap_or_else(|| {
            panic!(
                "no ADR 0001 among {:?}",
                docs.iter().map(|d| &d.path).collect::<Vec<_>>()
            )
        })
        .text;
    for expected in [
        "One row per user and channel in PostgreSQL",
        "- A JSON document per user (considered)",
        "- Per-channel opt-out is the law",
    ] {
        assert!(adr.contains(expected), "{expected:?} missing:\n{adr}");
    }
}

#[test]
fn today_beside_the_target_per_answer_and_per_store_and_flow() {
    use design_advisor::session::Change as Diff;
    let mut s = fresh();
    let q = KB
        .questionnaires_for(Step::Requirements)
        .flat_map(|qn| &qn.question)
        .find(|q| !q.multi && q.choice.len() >= 2)
        .unwrap();
    let (qid, a, b) = (
        q.id.get_ref().to_string(),
        q.choice[0].id.get_ref().to_string(),
        q.choice[1].id.get_ref().to_string(),
    );
    let today = |c: &str| Edit::Today {
        question: qid.clone(),
        choice: c.into(),
    };
    workflow::apply(
        &KB,
        &mut s,
        Edit::Choose {
            question: qid.clone(),
            choice: b.clone(),
        },
    )
    .unwrap();
    workflow::apply(&KB, &mut s, today(&a)).unwrap();
    let answer = s.answer(&qid).unwrap();
    assert_eq!(answer.choices, std::slice::from_ref(&b));
    assert_eq!(answer.today, std::slice::from_ref(&a));
    assert!(answer.changes());
    // A single-choice question has one choice today; marking it again takes it back.
    workflow::apply(&KB, &mut s, today(&b)).unwrap();
    assert_eq!(s.answer(&qid).unwrap().today, std::slice::from_ref(&b));
    workflow::apply(&KB, &mut s, today(&b)).unwrap();
    assert!(s.answer(&qid).unwrap().today.is_empty());
    assert!(matches!(
        workflow::apply(&KB, &mut s, today("nope")),
        Err(EditError::UnknownChoice { .. })
    ));
    // Stores and flows: unchanged → added → removed → unchanged.
    for name in ["PostgreSQL", "Kafka"] {
        workflow::apply(&KB, &mut s, Edit::AddStore { name: name.into() }).unwrap();
    }
    workflow::apply(
        &KB,
        &mut s,
        Edit::AddFlow {
            ends: "PostgreSQL -> Kafka".into(),
        },
    )
    .unwrap();
    let cycle = |item| Edit::CycleChange { item };
    workflow::apply(&KB, &mut s, cycle(InventoryItem::Store(1))).unwrap();
    assert_eq!(s.stores[1].change, Diff::Added);
    workflow::apply(&KB, &mut s, cycle(InventoryItem::Flow(0))).unwrap();
    workflow::apply(&KB, &mut s, cycle(InventoryItem::Flow(0))).unwrap();
    assert_eq!(s.flows[0].change, Diff::Removed);
    workflow::apply(&KB, &mut s, cycle(InventoryItem::Flow(0))).unwrap();
    assert_eq!(s.flows[0].change, Diff::Unchanged);
    assert_eq!(
        workflow::apply(&KB, &mut s, cycle(InventoryItem::Flow(3))),
        Err(EditError::NoSuchItem)
    );
}

#[test]
fn a_channel_or_incident_name_that_cannot_name_a_file_is_refused_where_it_is_typed() {
    use workflow::{RecordField as F, RecordKind};
    let mut s = fresh();
    let before = s.clone();
    for (kind, name) in [
        (RecordKind::Channel, "../../evil"),
        (RecordKind::Channel, "Orders Placed"),
        (RecordKind::Channel, "con"),
        (RecordKind::Runbook, ".hidden"),
    ] {
        assert_eq!(
            workflow::apply(
                &KB,
                &mut s,
                Edit::AddRecord {
                    kind,
                    name: name.into()
                }
            ),
            Err(EditError::UnsafeName(name.into())),
            "{name}"
        );
    }
    assert_eq!(s, before, "nothing was added");
    // Renaming to such a name is refused too; a decision's title is free text.
    workflow::apply(
        &KB,
        &mut s,
        Edit::AddRecord {
            kind: RecordKind::Channel,
            name: "orders.placed.v1".into(),
        },
    )
    .unwrap();
    assert_eq!(
        workflow::apply(
            &KB,
            &mut s,
            Edit::SetField {
                index: 0,
                field: F::ChannelName,
                value: "orders/placed".into()
            }
        ),
        Err(EditError::UnsafeName("orders/placed".into()))
    );
    assert_eq!(s.channels[0].name, "orders.placed.v1");
    workflow::apply(
        &KB,
        &mut s,
        Edit::AddRecord {
            kind: RecordKind::Decision,
            name: "Keep preferences per user / channel".into(),
        },
    )
    .unwrap();
}
