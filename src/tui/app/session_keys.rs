//! Keys in a session: moving between panes, steps and questions, and turning the rest
//! into workflow edits. No session rule is decided here: `workflow::apply` does that.

use super::start::single_line;
use super::*;
use crate::workflow::{self, Change, Edit, Input, InventoryItem};

pub(super) fn session_command(app: &mut App, command: Command) -> Vec<Effect> {
    let kb = app.kb.clone();
    let panes = app.panes();
    let advisor_max = match app.session() {
        Some(s) if s.focus == Pane::Advisor => app.advisor_max_scroll(),
        _ => 0,
    };
    let Screen::Session(s) = &mut app.screen else {
        return Vec::new();
    };
    // Pane and step movement work the same everywhere in a session.
    match command {
        Command::NextPane | Command::PrevPane => {
            let i = panes.iter().position(|p| *p == s.focus).unwrap_or(0);
            let n = panes.len();
            s.focus = panes[if command == Command::NextPane {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }];
            return Vec::new();
        }
        Command::NextStep => {
            next_step(&kb, s, 1);
            return Vec::new();
        }
        Command::PrevStep => {
            next_step(&kb, s, -1);
            return Vec::new();
        }
        _ => {}
    }
    match s.focus {
        Pane::Steps => match command {
            Command::Up => set_step(&kb, s, s.step.saturating_sub(1)),
            Command::Down => set_step(&kb, s, (s.step + 1).min(s.steps().len() - 1)),
            Command::Top => set_step(&kb, s, 0),
            Command::Bottom => set_step(&kb, s, s.steps().len() - 1),
            Command::Select | Command::Right => s.focus = Pane::Main,
            Command::Back => {
                app.screen = Screen::Start { cursor: 0 };
                return Vec::new();
            }
            _ => {}
        },
        Pane::Advisor => match command {
            Command::Up => s.advisor_scroll = s.advisor_scroll.saturating_sub(1),
            Command::Down => s.advisor_scroll = (s.advisor_scroll + 1).min(advisor_max),
            Command::PageUp => s.advisor_scroll = s.advisor_scroll.saturating_sub(10),
            Command::PageDown => s.advisor_scroll = (s.advisor_scroll + 10).min(advisor_max),
            Command::Top => s.advisor_scroll = 0,
            Command::Bottom => s.advisor_scroll = advisor_max,
            Command::Back | Command::Left => s.focus = Pane::Main,
            Command::FollowLink(n) => {
                let links = super::navigate::advisor_links(&kb, &s.session);
                match links.get(usize::from(n).saturating_sub(1)) {
                    Some(id) => super::navigate::open_entry(app, &id.clone()),
                    None => app.status = format!("the advisor has no link [{n}]"),
                }
                return Vec::new();
            }
            _ => {}
        },
        Pane::Main => return main_command(app, &kb, command),
    }
    Vec::new()
}

pub(super) fn set_step(kb: &KnowledgeBase, s: &mut SessionScreen, step: usize) {
    s.step = step;
    s.preview_scroll = 0;
    s.record = 0;
    s.land(kb);
}

/// Moves to the next (or previous) step; below the threshold, steps off the short path
/// are passed over.
fn next_step(kb: &KnowledgeBase, s: &mut SessionScreen, delta: isize) {
    let below = engine::assess(kb, &s.session).threshold.below;
    let mut i = s.step as isize;
    loop {
        i += delta;
        if i < 0 || i >= s.steps().len() as isize {
            return;
        }
        if workflow::plan::walked(s.session.mode, below, &s.steps()[i as usize]) {
            set_step(kb, s, i as usize);
            return;
        }
    }
}

fn main_command(app: &mut App, kb: &Arc<KnowledgeBase>, command: Command) -> Vec<Effect> {
    let read_only_msg = "read-only example: start a new feature to record answers";
    let preview_max = match app.session() {
        Some(s) if s.kind() == StepKind::Review => app.preview_max_scroll(),
        _ => 0,
    };
    let Screen::Session(s) = &mut app.screen else {
        return Vec::new();
    };
    if command == Command::Back {
        s.focus = Pane::Steps;
        return Vec::new();
    }
    match s.kind() {
        StepKind::Questions(step) => {
            let qs = crate::workflow::plan::asked(kb, &s.session, step);
            if qs.is_empty() {
                return Vec::new();
            }
            let qi = s.question[s.step].min(qs.len() - 1);
            let q = qs[qi].1;
            let qid = q.id.get_ref().to_string();
            match command {
                Command::Up => s.choice = s.choice.saturating_sub(1),
                Command::Down => s.choice = (s.choice + 1).min(q.choice.len() - 1),
                Command::Top => s.choice = 0,
                Command::Bottom => s.choice = q.choice.len() - 1,
                Command::Left | Command::PageUp => {
                    s.question[s.step] = qi.saturating_sub(1);
                    s.land(kb);
                }
                Command::Right | Command::PageDown => {
                    s.question[s.step] = (qi + 1).min(qs.len() - 1);
                    s.land(kb);
                }
                Command::Toggle | Command::Select => {
                    if s.read_only() {
                        app.status = read_only_msg.into();
                        return Vec::new();
                    }
                    let choice = q.choice[s.choice.min(q.choice.len() - 1)]
                        .id
                        .get_ref()
                        .to_string();
                    let edit = if s.marking_today {
                        Edit::Today {
                            question: qid,
                            choice,
                        }
                    } else if command == Command::Toggle {
                        Edit::Toggle {
                            question: qid,
                            choice,
                        }
                    } else {
                        Edit::Choose {
                            question: qid,
                            choice,
                        }
                    };
                    if !edit_session(&mut app.status, kb, s, edit) {
                        return Vec::new();
                    }
                    if command == Command::Select {
                        if qi + 1 < qs.len() {
                            s.question[s.step] = qi + 1;
                            s.land(kb);
                        } else {
                            next_step(kb, s, 1);
                        }
                    }
                }
                Command::MarkToday => {
                    s.marking_today = !s.marking_today;
                    app.status = if s.marking_today {
                        "marking what the system does TODAY: Space marks a choice; m goes back to the target".into()
                    } else {
                        "marking the target design again".into()
                    };
                }
                Command::Later => {
                    if s.read_only() {
                        app.status = read_only_msg.into();
                        return Vec::new();
                    }
                    edit_session(&mut app.status, kb, s, Edit::Later { question: qid });
                }
                Command::EditNote => {
                    if s.read_only() {
                        app.status = read_only_msg.into();
                        return Vec::new();
                    }
                    let note = s
                        .session
                        .answer(&qid)
                        .map(|a| a.note.clone())
                        .unwrap_or_default();
                    let mut t = TextArea::new(if note.is_empty() {
                        vec![String::new()]
                    } else {
                        note.lines().map(str::to_string).collect()
                    });
                    t.set_wrap_mode(WrapMode::WordOrGlyph);
                    t.set_placeholder_text("Why this answer; links; numbers. Esc to finish.");
                    t.move_cursor(ratatui_textarea::CursorMove::Bottom);
                    t.move_cursor(ratatui_textarea::CursorMove::End);
                    s.note = Some(t);
                }
                Command::EditOwner | Command::EditDue => {
                    if s.read_only() {
                        app.status = read_only_msg.into();
                        return Vec::new();
                    }
                    let answer = s.session.answer(&qid).cloned().unwrap_or_default();
                    let (kind, value, hint) = if command == Command::EditOwner {
                        (
                            InputKind::Owner,
                            answer.owner,
                            "Owner of this TBD: a team or a person",
                        )
                    } else {
                        (
                            InputKind::Due,
                            answer.due.map(|d| d.to_string()).unwrap_or_default(),
                            "Due date, YYYY-MM-DD",
                        )
                    };
                    app.overlay = Some(Overlay::Input {
                        kind,
                        text: Box::new(single_line(&value, hint)),
                        error: None,
                    });
                }
                _ => {}
            }
        }
        StepKind::Graph if at_added_leaf(kb, s) => {
            // An added bundle: the cursor walks its patterns, Space keeps or drops one.
            let patterns: Vec<String> = s
                .graph
                .current(kb)
                .map(|n| n.patterns.iter().map(|p| p.get_ref().to_string()).collect())
                .unwrap_or_default();
            let last = patterns.len().saturating_sub(1);
            match command {
                Command::Up => s.graph.cursor = s.graph.cursor.saturating_sub(1),
                Command::Down => s.graph.cursor = (s.graph.cursor + 1).min(last),
                Command::Top => s.graph.cursor = 0,
                Command::Bottom => s.graph.cursor = last,
                Command::Toggle => {
                    if s.read_only() {
                        app.status = read_only_msg.into();
                        return Vec::new();
                    }
                    let Some(pattern) = patterns.get(s.graph.cursor).cloned() else {
                        return Vec::new();
                    };
                    let nodes = s.graph.path.clone();
                    let name = kb
                        .pattern(&pattern)
                        .map_or(pattern.clone(), |p| p.name.to_string());
                    if edit_session(
                        &mut app.status,
                        kb,
                        s,
                        Edit::TogglePattern { nodes, pattern },
                    ) {
                        let kept = s
                            .session
                            .paths
                            .iter()
                            .find(|p| p.added && p.nodes == s.graph.path)
                            .is_some_and(|p| {
                                !p.dropped
                                    .iter()
                                    .any(|d| kb.pattern(d).is_some_and(|x| x.name == name))
                            });
                        app.status = if kept {
                            format!("kept {name} in the design")
                        } else {
                            format!("dropped {name} from the design")
                        };
                    }
                }
                Command::RemoveBundle | Command::RecordAdr => {
                    if s.read_only() {
                        app.status = read_only_msg.into();
                        return Vec::new();
                    }
                    let nodes = s.graph.path.clone();
                    let edit = if command == Command::RecordAdr {
                        Edit::ToggleAdr { nodes }
                    } else {
                        Edit::RemoveBundle { nodes }
                    };
                    edit_session(&mut app.status, kb, s, edit);
                }
                Command::Select => {
                    let nav = s.graph.clone();
                    super::navigate::open_leaf_pattern(app, &nav);
                }
                _ => {
                    if let Some(msg) = graph_command(kb, &mut s.graph, command) {
                        app.status = msg;
                    }
                }
            }
        }
        StepKind::Graph => match command {
            Command::AddBundle | Command::RemoveBundle | Command::RecordAdr => {
                if s.read_only() {
                    app.status = read_only_msg.into();
                    return Vec::new();
                }
                let nodes = s.graph.path.clone();
                let edit = match command {
                    Command::AddBundle => Edit::AddBundle { nodes },
                    Command::RemoveBundle => Edit::RemoveBundle { nodes },
                    // Not an added bundle here: the edit says why.
                    _ => Edit::ToggleAdr { nodes },
                };
                edit_session(&mut app.status, kb, s, edit);
            }
            Command::Select if s.graph.current(kb).is_some_and(|n| n.is_leaf()) => {
                let nav = s.graph.clone();
                super::navigate::open_leaf_pattern(app, &nav);
            }
            _ => {
                if let Some(msg) = graph_command(kb, &mut s.graph, command) {
                    app.status = msg;
                }
            }
        },
        StepKind::Evidence => {
            let items: Vec<_> = kb
                .tiers
                .iter()
                .filter(|t| t.per_service)
                .flat_map(|t| &t.evidence)
                .collect();
            match command {
                Command::Up => s.evidence = s.evidence.saturating_sub(1),
                Command::Down => s.evidence = (s.evidence + 1).min(items.len().saturating_sub(1)),
                Command::Top => s.evidence = 0,
                Command::Bottom => s.evidence = items.len().saturating_sub(1),
                Command::Toggle | Command::Select => {
                    if s.read_only() {
                        app.status = read_only_msg.into();
                        return Vec::new();
                    }
                    let Some(item) = items.get(s.evidence) else {
                        return Vec::new();
                    };
                    let id = item.id.get_ref().to_string();
                    edit_session(&mut app.status, kb, s, Edit::ToggleEvidence { id });
                }
                _ => {}
            }
        }
        StepKind::Inventory => {
            let count = s.session.stores.len() + s.session.flows.len();
            let edits = matches!(
                command,
                Command::AddStore
                    | Command::CycleChange
                    | Command::AddFlow
                    | Command::Toggle
                    | Command::Cycle
                    | Command::EditEntities
                    | Command::Delete
            );
            if edits && s.read_only() {
                app.status = read_only_msg.into();
                return Vec::new();
            }
            let stores = s.session.stores.len();
            let at = s.inventory.min(count.saturating_sub(1));
            match command {
                Command::Up => s.inventory = s.inventory.saturating_sub(1),
                Command::Down => s.inventory = (s.inventory + 1).min(count.saturating_sub(1)),
                Command::Top => s.inventory = 0,
                Command::Bottom => s.inventory = count.saturating_sub(1),
                Command::AddStore => {
                    app.overlay = Some(Overlay::Input {
                        kind: InputKind::StoreName,
                        text: Box::new(single_line("", "Store name, e.g. PostgreSQL orders")),
                        error: None,
                    })
                }
                Command::AddFlow => {
                    if s.session.stores.len() < 2 {
                        app.status = "add at least two stores first (s)".into();
                    } else {
                        app.overlay = Some(Overlay::Input {
                            kind: InputKind::FlowEnds,
                            text: Box::new(single_line(
                                "",
                                "from -> to, e.g. PostgreSQL orders -> Elasticsearch",
                            )),
                            error: None,
                        });
                    }
                }
                Command::Toggle | Command::Cycle if count > 0 => {
                    let item = inventory_item(stores, at);
                    let edit = match (command, item) {
                        (Command::Cycle, InventoryItem::Flow(flow)) => Edit::CycleOrdering { flow },
                        _ => Edit::CycleKind { item },
                    };
                    edit_session(&mut app.status, kb, s, edit);
                }
                Command::CycleChange if count > 0 => {
                    let item = inventory_item(stores, at);
                    edit_session(&mut app.status, kb, s, Edit::CycleChange { item });
                }
                Command::EditEntities if count > 0 => {
                    let value = if at < stores {
                        s.session.stores[at].entities.join(", ")
                    } else {
                        s.session.flows[at - stores].entity.clone()
                    };
                    app.overlay = Some(Overlay::Input {
                        kind: InputKind::Entities,
                        text: Box::new(single_line(
                            &value,
                            "entities, comma-separated (a flow takes one)",
                        )),
                        error: None,
                    });
                }
                Command::Delete if count > 0 => {
                    let item = inventory_item(stores, at);
                    if edit_session(&mut app.status, kb, s, Edit::Delete { item }) {
                        let count = s.session.stores.len() + s.session.flows.len();
                        s.inventory = s.inventory.min(count.saturating_sub(1));
                    }
                }
                _ => {}
            }
        }
        StepKind::Records(kind) => {
            let count = kind.count(&s.session);
            let last = count.saturating_sub(1);
            match command {
                Command::Up => s.record = s.record.saturating_sub(1),
                Command::Down => s.record = (s.record + 1).min(last),
                Command::Top => s.record = 0,
                Command::Bottom => s.record = last,
                Command::Add | Command::Select | Command::Delete if s.read_only() => {
                    app.status = read_only_msg.into();
                }
                Command::Add => {
                    let mut text = single_line("", kind.name_hint());
                    text.set_wrap_mode(WrapMode::WordOrGlyph);
                    app.overlay = Some(Overlay::Input {
                        kind: InputKind::RecordName(kind),
                        text: Box::new(text),
                        error: None,
                    });
                }
                Command::Select if count > 0 => {
                    app.overlay = Some(Overlay::Form {
                        kind,
                        index: s.record.min(last),
                        cursor: 0,
                    });
                }
                Command::Select => {
                    app.status = format!("no {} yet: a adds one", kind.noun());
                }
                Command::Delete if count > 0 => {
                    let index = s.record.min(last);
                    app.overlay = Some(Overlay::Confirm {
                        message: format!(
                            "Delete the {} \"{}\" and everything written in it?",
                            kind.noun(),
                            kind.name(&s.session, index)
                        ),
                        on_yes: Pending::DeleteRecord { kind, index },
                    });
                }
                _ => {}
            }
        }
        StepKind::Review => match command {
            Command::Left | Command::Right => {
                let count = s.review.as_ref().map_or(1, |r| r.artifacts.len()).max(1);
                s.artifact = if command == Command::Right {
                    (s.artifact + 1) % count
                } else {
                    (s.artifact + count - 1) % count
                };
                s.preview_scroll = 0;
            }
            // The preview scrolls to its last line and no further, so Up always answers.
            Command::Up => s.preview_scroll = s.preview_scroll.saturating_sub(1),
            Command::Down => s.preview_scroll = (s.preview_scroll + 1).min(preview_max),
            Command::PageUp => s.preview_scroll = s.preview_scroll.saturating_sub(10),
            Command::PageDown => s.preview_scroll = (s.preview_scroll + 10).min(preview_max),
            Command::Top => s.preview_scroll = 0,
            Command::Bottom => s.preview_scroll = preview_max,
            Command::Zoom => {
                s.preview_full = !s.preview_full;
                // What fits changes with the width.
                s.preview_scroll = 0;
            }
            Command::Write => {
                if s.read_only() {
                    app.status = "read-only example: start a new feature to write documents".into();
                    return Vec::new();
                }
                app.pending_force = Force::NONE;
                // The changes are shown first; the write waits for a yes.
                return vec![Effect::Save, Effect::PreviewWrite];
            }
            _ => {}
        },
    }
    Vec::new()
}

/// The decision graph stands at a leaf whose bundle is in the design.
fn at_added_leaf(kb: &KnowledgeBase, s: &SessionScreen) -> bool {
    !s.graph.tree_view
        && s.graph.current(kb).is_some_and(|n| n.is_leaf())
        && s.session
            .paths
            .iter()
            .any(|p| p.added && p.nodes == s.graph.path)
}

/// Keys in a record's form: move between fields, write one, cycle a choice, close.
pub(super) fn form_command(app: &mut App, command: Command) {
    let Some(Overlay::Form {
        kind,
        index,
        cursor,
    }) = &mut app.overlay
    else {
        return;
    };
    let (kind, index) = (*kind, *index);
    let fields = kind.fields();
    match command {
        Command::Up => *cursor = cursor.saturating_sub(1),
        Command::Down => *cursor = (*cursor + 1).min(fields.len() - 1),
        Command::Top => *cursor = 0,
        Command::Bottom => *cursor = fields.len() - 1,
        Command::Back => app.overlay = None,
        Command::Quit => {}
        Command::Select | Command::Toggle => {
            let field = fields[(*cursor).min(fields.len() - 1)];
            let kb = app.kb.clone();
            let Screen::Session(s) = &mut app.screen else {
                return;
            };
            if let Input::Choice(_) = field.input() {
                if let Some(value) = field.next_choice(&s.session, index) {
                    edit_session(
                        &mut app.status,
                        &kb,
                        s,
                        Edit::SetField {
                            index,
                            field,
                            value,
                        },
                    );
                }
            } else if command == Command::Select {
                let value = field.value(&s.session, index);
                let mut text = single_line(&value, field.hint());
                text.set_wrap_mode(WrapMode::WordOrGlyph);
                app.overlay = Some(Overlay::Input {
                    kind: InputKind::Field { index, field },
                    text: Box::new(text),
                    error: None,
                });
            }
        }
        _ => {}
    }
}

/// The inventory lists the stores, then the flows.
pub(super) fn inventory_item(stores: usize, at: usize) -> InventoryItem {
    if at < stores {
        InventoryItem::Store(at)
    } else {
        InventoryItem::Flow(at - stores)
    }
}

/// Applies an edit to the session on screen: marks it changed, or puts the reason it was
/// refused in the status line. Returns whether it was applied.
pub(super) fn edit_session(
    status: &mut String,
    kb: &KnowledgeBase,
    s: &mut SessionScreen,
    edit: Edit,
) -> bool {
    match workflow::apply(kb, &mut s.session, edit) {
        Ok(Change::Nothing) => true,
        Ok(change) => {
            if let Change::Bundle { added, title } = &change {
                *status = if *added {
                    format!("added \"{title}\" to the design")
                } else {
                    format!("removed \"{title}\" from the design")
                };
            }
            if let Change::BundleAdr { adr, title } = &change {
                *status = if *adr {
                    format!("an ADR will record \"{title}\" as a decision")
                } else {
                    format!("no ADR for \"{title}\"")
                };
            }
            if let Change::AnswerUnticked { notes, .. } = &change {
                *status = notes.join("; ");
            }
            s.touch();
            true
        }
        Err(e) => {
            *status = e.to_string();
            false
        }
    }
}
