//! Every change a person makes to a session, as a typed operation applied by one function
//! that enforces the session's rules. Front ends translate their input (keys, a form, a
//! script) into an `Edit` and show the `Change` or the `EditError` it returns.
//!
//! It runs past 600 lines on purpose: every session rule sits beside the one `apply`
//! that enforces it, so no rule can be reached another way; the record fields' parsing is
//! in `records` and the errors in `error`.

pub use super::error::EditError;
use super::records::{self, RecordField};
use crate::engine::SessionFacts;
use crate::kb::KnowledgeBase;
use crate::session::{
    Date, Flow, GraphPath, Mechanism, Ordering, RecordKind, Session, Store, StoreRole,
    is_valid_slug,
};

/// One change to a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Choose an option: a single-choice question takes it as its answer; a multi-choice
    /// question adds it (kept in the knowledge base's order).
    Choose {
        question: String,
        choice: String,
    },
    /// Like `Choose`, but choosing the chosen option again takes it back.
    Toggle {
        question: String,
        choice: String,
    },
    /// Mark the question "later" (a TBD), or take the mark back.
    Later {
        question: String,
    },
    Note {
        question: String,
        text: String,
    },
    /// Who owns the open question; empty clears it.
    Owner {
        question: String,
        owner: String,
    },
    Due {
        question: String,
        due: Option<Date>,
    },
    /// Add the pattern bundle of the decision-graph leaf at the end of `nodes`.
    AddBundle {
        nodes: Vec<String>,
    },
    RemoveBundle {
        nodes: Vec<String>,
    },
    /// Ask for an ADR recording the added bundle of the leaf at the end of `nodes` as a
    /// decision, or take the request back.
    ToggleAdr {
        nodes: Vec<String>,
    },
    /// Tick or untick an evidence item of a tier gate.
    ToggleEvidence {
        id: String,
    },
    /// The question does not apply to this system, because ... (only on questions the
    /// knowledge base marks `may_not_apply`); an empty reason takes the mark back.
    NotApplicable {
        question: String,
        because: String,
    },
    /// Keep or drop one pattern of an added bundle: a bundle is a proposal.
    TogglePattern {
        nodes: Vec<String>,
        pattern: String,
    },
    AddStore {
        name: String,
    },
    /// A flow between two stores, written "from -> to".
    AddFlow {
        ends: String,
    },
    /// Entities of a store (comma-separated) or the entity of a flow.
    Entities {
        item: InventoryItem,
        value: String,
    },
    /// Store: system of record ⇄ derived. Flow: the next propagation mechanism.
    CycleKind {
        item: InventoryItem,
    },
    /// Flow: the next ordering guarantee.
    CycleOrdering {
        flow: usize,
    },
    Delete {
        item: InventoryItem,
    },
    /// One of the basics the documents open with (problem, TL;DR, goals, ...).
    Basic {
        field: BasicField,
        value: String,
    },
    /// What the system does today for a question: add or take back one choice of the
    /// answer's `today` beside its target `choices`.
    Today {
        question: String,
        choice: String,
    },
    /// A store or flow: unchanged (exists today and stays) → added → removed by the design.
    CycleChange {
        item: InventoryItem,
    },
    /// A new channel, decision, DLQ runbook or launch, by its name (a launch by its date).
    AddRecord {
        kind: RecordKind,
        name: String,
    },
    /// One field of a record, written as one line (see `RecordField::input`).
    SetField {
        index: usize,
        field: RecordField,
        value: String,
    },
    DeleteRecord {
        kind: RecordKind,
        index: usize,
    },
}

/// The basics of a design: what design.md, the index and the catalog open with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BasicField {
    Problem,
    Tldr,
    /// One goal per item, separated by ";".
    Goals,
    NonGoals,
    OwnerTeam,
    Slo,
    /// Services upstream and downstream, separated by ",".
    Upstream,
    Downstream,
}

impl BasicField {
    pub const ALL: [BasicField; 8] = [
        BasicField::Problem,
        BasicField::Tldr,
        BasicField::Goals,
        BasicField::NonGoals,
        BasicField::OwnerTeam,
        BasicField::Slo,
        BasicField::Upstream,
        BasicField::Downstream,
    ];

    pub fn label(self) -> &'static str {
        match self {
            BasicField::Problem => "Problem",
            BasicField::Tldr => "TL;DR (the decision)",
            BasicField::Goals => "Goals",
            BasicField::NonGoals => "Non-goals",
            BasicField::OwnerTeam => "Owner team",
            BasicField::Slo => "SLO",
            BasicField::Upstream => "Upstream",
            BasicField::Downstream => "Downstream",
        }
    }

    /// How to write the field in one line.
    pub fn hint(self) -> &'static str {
        match self {
            BasicField::Problem => "What is wrong or missing today, for whom, and why now",
            BasicField::Tldr => "The decision in one or two sentences",
            BasicField::Goals | BasicField::NonGoals => "Separate them with ;",
            BasicField::OwnerTeam => "The team that owns the service",
            BasicField::Slo => "e.g. 99.9% of searches under 300 ms; changes visible within 60 s",
            BasicField::Upstream | BasicField::Downstream => "Services, separated by ,",
        }
    }

    fn separator(self) -> Option<char> {
        match self {
            BasicField::Goals | BasicField::NonGoals => Some(';'),
            BasicField::Upstream | BasicField::Downstream => Some(','),
            _ => None,
        }
    }

    /// The field's value as one line (lists joined by their separator).
    pub fn value(self, s: &Session) -> String {
        match self {
            BasicField::Problem => s.problem.clone(),
            BasicField::Tldr => s.tldr.clone(),
            BasicField::Goals => s.goals.join("; "),
            BasicField::NonGoals => s.non_goals.join("; "),
            BasicField::OwnerTeam => s.service.owner_team.clone(),
            BasicField::Slo => s.service.slo.clone(),
            BasicField::Upstream => s.service.upstream.join(", "),
            BasicField::Downstream => s.service.downstream.join(", "),
        }
    }
}

/// A store or a flow of the inventory, by index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InventoryItem {
    Store(usize),
    Flow(usize),
}

/// What an edit changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Answer {
        question: String,
    },
    /// The answer contradicts evidence ticked by hand: those ticks were removed, one note
    /// each, for the person to see.
    AnswerUnticked {
        question: String,
        notes: Vec<String>,
    },
    /// A bundle was added to or removed from the design; the leaf's title.
    Bundle {
        added: bool,
        title: String,
    },
    Evidence {
        id: String,
        ticked: bool,
    },
    /// An ADR for an added bundle was asked for (`adr`) or the request taken back; the
    /// leaf's title.
    BundleAdr {
        adr: bool,
        title: String,
    },
    /// A pattern of an added bundle was kept or dropped.
    Pattern {
        pattern: String,
        kept: bool,
    },
    Inventory,
    Basics,
    /// A record was added (its index), changed or deleted.
    Record {
        kind: RecordKind,
        index: usize,
    },
    /// The edit asked for what the session already holds.
    Nothing,
}

/// Applies one edit, or refuses it leaving the session unchanged.
pub fn apply(kb: &KnowledgeBase, session: &mut Session, edit: Edit) -> Result<Change, EditError> {
    match edit {
        Edit::Choose { question, choice } => choose(kb, session, question, choice, false),
        Edit::Toggle { question, choice } => choose(kb, session, question, choice, true),
        Edit::Later { question } => {
            known_question(kb, &question)?;
            let answer = session.answers.entry(question.clone()).or_default();
            answer.tbd = !answer.tbd;
            if answer.tbd {
                answer.choices.clear();
            }
            Ok(Change::Answer { question })
        }
        Edit::Note { question, text } => {
            known_question(kb, &question)?;
            session.answers.entry(question.clone()).or_default().note = text;
            Ok(Change::Answer { question })
        }
        Edit::Owner { question, owner } => {
            known_question(kb, &question)?;
            let answer = session.answers.entry(question.clone()).or_default();
            answer.owner = owner.trim().to_string();
            mark_open(answer);
            Ok(Change::Answer { question })
        }
        Edit::Due { question, due } => {
            known_question(kb, &question)?;
            let answer = session.answers.entry(question.clone()).or_default();
            answer.due = due;
            mark_open(answer);
            Ok(Change::Answer { question })
        }
        Edit::AddBundle { nodes } => bundle(kb, session, nodes, true),
        Edit::RemoveBundle { nodes } => bundle(kb, session, nodes, false),
        Edit::ToggleAdr { nodes } => {
            let leaf = leaf_of(kb, &nodes)?;
            let path = session
                .paths
                .iter_mut()
                .find(|p| p.added && p.nodes == nodes)
                .ok_or(EditError::BundleNotAdded)?;
            path.adr = !path.adr;
            Ok(Change::BundleAdr {
                adr: path.adr,
                title: leaf.title.to_string(),
            })
        }
        Edit::ToggleEvidence { id } => {
            let item = kb
                .tiers
                .iter()
                .flat_map(|t| &t.evidence)
                .find(|e| e.id.get_ref() == &id)
                .ok_or_else(|| EditError::UnknownEvidence(id.clone()))?;
            let facts = SessionFacts::new(kb, session);
            if item.parsed_rule.as_ref().is_some_and(|r| r.eval(&facts)) {
                return Err(EditError::EvidenceMetByAnswers);
            }
            if !session.evidence.contains(&id)
                && let Some(reason) = crate::engine::refutation(kb, &facts, item)
            {
                return Err(EditError::EvidenceContradicted(reason));
            }
            let ticked = !session.evidence.remove(&id);
            if ticked {
                session.evidence.insert(id.clone());
            }
            Ok(Change::Evidence { id, ticked })
        }
        Edit::NotApplicable { question, because } => {
            let q = known_question(kb, &question)?;
            if !q.may_not_apply {
                return Err(EditError::AlwaysApplies);
            }
            let answer = session.answers.entry(question.clone()).or_default();
            let because = because.trim().to_string();
            answer.not_applicable = !because.is_empty();
            if answer.not_applicable {
                answer.choices.clear();
                answer.tbd = false;
            }
            answer.note = because;
            Ok(Change::Answer { question })
        }
        Edit::TogglePattern { nodes, pattern } => {
            let in_bundle = nodes
                .last()
                .and_then(|n| kb.node(n))
                .is_some_and(|leaf| leaf.patterns.iter().any(|p| p.get_ref() == &pattern));
            let Some(path) = session
                .paths
                .iter_mut()
                .find(|p| p.added && p.nodes == nodes)
                .filter(|_| in_bundle)
            else {
                return Err(EditError::NotInBundle(pattern));
            };
            let kept = if let Some(i) = path.dropped.iter().position(|d| d == &pattern) {
                path.dropped.remove(i);
                true
            } else {
                path.dropped.push(pattern.clone());
                false
            };
            Ok(Change::Pattern { pattern, kept })
        }
        Edit::AddStore { name } => {
            let name = name.trim().to_string();
            if name.is_empty() {
                return Err(EditError::EmptyStoreName);
            }
            if session.stores.iter().any(|s| s.name == name) {
                return Err(EditError::DuplicateStore(name));
            }
            session.stores.push(Store {
                name,
                ..Store::default()
            });
            Ok(Change::Inventory)
        }
        Edit::AddFlow { ends } => {
            if session.stores.len() < 2 {
                return Err(EditError::TooFewStores);
            }
            let known = |n: &str| session.stores.iter().any(|s| s.name == n);
            match ends
                .split_once("->")
                .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
            {
                Some((from, to)) if known(&from) && known(&to) && from != to => {
                    session.flows.push(Flow {
                        from,
                        to,
                        ..Flow::default()
                    });
                    Ok(Change::Inventory)
                }
                _ => Err(EditError::FlowEnds(
                    session.stores.iter().map(|s| s.name.clone()).collect(),
                )),
            }
        }
        Edit::Entities { item, value } => {
            let value = value.trim();
            match item {
                InventoryItem::Store(i) => {
                    let store = session.stores.get_mut(i).ok_or(EditError::NoSuchItem)?;
                    store.entities = value
                        .split(',')
                        .map(|e| e.trim().to_string())
                        .filter(|e| !e.is_empty())
                        .collect();
                }
                InventoryItem::Flow(i) => {
                    session
                        .flows
                        .get_mut(i)
                        .ok_or(EditError::NoSuchItem)?
                        .entity = value.to_string();
                }
            }
            Ok(Change::Inventory)
        }
        Edit::CycleKind { item } => {
            match item {
                InventoryItem::Store(i) => {
                    let store = session.stores.get_mut(i).ok_or(EditError::NoSuchItem)?;
                    store.role = match store.role {
                        StoreRole::SystemOfRecord => StoreRole::Derived,
                        StoreRole::Derived => StoreRole::SystemOfRecord,
                    };
                }
                InventoryItem::Flow(i) => {
                    let flow = session.flows.get_mut(i).ok_or(EditError::NoSuchItem)?;
                    flow.mechanism = next_in(&MECHANISMS, flow.mechanism);
                }
            }
            Ok(Change::Inventory)
        }
        Edit::CycleOrdering { flow } => {
            let flow = session.flows.get_mut(flow).ok_or(EditError::NoSuchItem)?;
            flow.ordering = next_in(&ORDERINGS, flow.ordering);
            Ok(Change::Inventory)
        }
        Edit::Basic { field, value } => {
            let value = value.trim().to_string();
            let items = || -> Vec<String> {
                let sep = field.separator().unwrap_or('\n');
                value
                    .split(sep)
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect()
            };
            match field {
                BasicField::Problem => session.problem = value,
                BasicField::Tldr => session.tldr = value,
                BasicField::Goals => session.goals = items(),
                BasicField::NonGoals => session.non_goals = items(),
                BasicField::OwnerTeam => session.service.owner_team = value,
                BasicField::Slo => session.service.slo = value,
                BasicField::Upstream => session.service.upstream = items(),
                BasicField::Downstream => session.service.downstream = items(),
            }
            Ok(Change::Basics)
        }
        Edit::Today { question, choice } => today(kb, session, question, choice),
        Edit::CycleChange { item } => {
            let change = match item {
                InventoryItem::Store(i) => {
                    &mut session
                        .stores
                        .get_mut(i)
                        .ok_or(EditError::NoSuchItem)?
                        .change
                }
                InventoryItem::Flow(i) => {
                    &mut session
                        .flows
                        .get_mut(i)
                        .ok_or(EditError::NoSuchItem)?
                        .change
                }
            };
            *change = next_in(&CHANGES, *change);
            Ok(Change::Inventory)
        }
        Edit::AddRecord { kind, name } => {
            let index = records::add(session, kind, &name)?;
            Ok(Change::Record { kind, index })
        }
        Edit::SetField {
            index,
            field,
            value,
        } => {
            records::set(kb, session, index, field, &value)?;
            Ok(Change::Record {
                kind: field.kind(),
                index,
            })
        }
        Edit::DeleteRecord { kind, index } => {
            records::delete(session, kind, index)?;
            Ok(Change::Record { kind, index })
        }
        Edit::Delete { item } => {
            match item {
                InventoryItem::Store(i) => {
                    if i >= session.stores.len() {
                        return Err(EditError::NoSuchItem);
                    }
                    let name = session.stores.remove(i).name;
                    // Flows that touched the store go with it.
                    session.flows.retain(|f| f.from != name && f.to != name);
                }
                InventoryItem::Flow(i) => {
                    if i >= session.flows.len() {
                        return Err(EditError::NoSuchItem);
                    }
                    session.flows.remove(i);
                }
            }
            Ok(Change::Inventory)
        }
    }
}

fn known_question<'kb>(
    kb: &'kb KnowledgeBase,
    id: &str,
) -> Result<&'kb crate::kb::Question, EditError> {
    kb.question(id)
        .ok_or_else(|| EditError::UnknownQuestion(id.to_string()))
}

/// An owner or a due date only makes sense on an open question: without a choice, having
/// either makes the answer a TBD.
fn mark_open(answer: &mut crate::session::Answer) {
    if answer.choices.is_empty() && (!answer.owner.is_empty() || answer.due.is_some()) {
        answer.tbd = true;
    }
}

fn choose(
    kb: &KnowledgeBase,
    session: &mut Session,
    question: String,
    choice: String,
    toggle: bool,
) -> Result<Change, EditError> {
    let q = known_question(kb, &question)?;
    if q.choice(&choice).is_none() {
        return Err(EditError::UnknownChoice { question, choice });
    }
    let answer = session.answers.entry(question.clone()).or_default();
    if q.multi {
        if let Some(pos) = answer.choices.iter().position(|c| c == &choice) {
            if toggle {
                answer.choices.remove(pos);
            }
        } else {
            // "None" and the others exclude each other.
            let exclusive = |id: &str| q.choice(id).is_some_and(|c| c.exclusive);
            if exclusive(&choice) {
                answer.choices.clear();
            } else {
                answer.choices.retain(|c| !exclusive(c));
            }
            answer.choices.push(choice);
            // The knowledge base's order, so saved files diff cleanly.
            answer
                .choices
                .sort_by_key(|c| q.choice.iter().position(|x| x.id.get_ref() == c));
        }
    } else if toggle && answer.choices == [choice.as_str()] {
        answer.choices.clear();
    } else {
        answer.choices = vec![choice];
    }
    if !answer.choices.is_empty() {
        answer.tbd = false;
    }
    let notes = crate::engine::reconcile_evidence(kb, session);
    if notes.is_empty() {
        Ok(Change::Answer { question })
    } else {
        Ok(Change::AnswerUnticked { question, notes })
    }
}

/// Marks or unmarks one choice as what the system does today. A single-choice question
/// has one choice today; marking the target's own choice as today's leaves no change.
fn today(
    kb: &KnowledgeBase,
    session: &mut Session,
    question: String,
    choice: String,
) -> Result<Change, EditError> {
    let q = known_question(kb, &question)?;
    if q.choice(&choice).is_none() {
        return Err(EditError::UnknownChoice { question, choice });
    }
    let answer = session.answers.entry(question.clone()).or_default();
    if let Some(pos) = answer.today.iter().position(|c| c == &choice) {
        answer.today.remove(pos);
    } else if q.multi {
        let exclusive = |id: &str| q.choice(id).is_some_and(|c| c.exclusive);
        if exclusive(&choice) {
            answer.today.clear();
        } else {
            answer.today.retain(|c| !exclusive(c));
        }
        answer.today.push(choice);
        answer
            .today
            .sort_by_key(|c| q.choice.iter().position(|x| x.id.get_ref() == c));
    } else {
        answer.today = vec![choice];
    }
    Ok(Change::Answer { question })
}

/// The decision-graph leaf at the end of `nodes`, every node known.
fn leaf_of<'kb>(
    kb: &'kb KnowledgeBase,
    nodes: &[String],
) -> Result<&'kb crate::kb::Node, EditError> {
    let leaf = nodes.last().ok_or(EditError::NotALeaf).and_then(|id| {
        kb.node(id)
            .ok_or_else(|| EditError::UnknownNode(id.clone()))
    })?;
    if let Some(unknown) = nodes.iter().find(|id| kb.node(id).is_none()) {
        return Err(EditError::UnknownNode(unknown.clone()));
    }
    if !leaf.is_leaf() {
        return Err(EditError::NotALeaf);
    }
    Ok(leaf)
}

fn bundle(
    kb: &KnowledgeBase,
    session: &mut Session,
    nodes: Vec<String>,
    add: bool,
) -> Result<Change, EditError> {
    let leaf = leaf_of(kb, &nodes)?;
    let had = session.paths.iter().any(|p| p.added && p.nodes == nodes);
    if had == add {
        return Ok(Change::Nothing);
    }
    if add {
        session.paths.push(GraphPath {
            nodes,
            added: true,
            ..GraphPath::default()
        });
    } else {
        session.paths.retain(|p| p.nodes != nodes);
    }
    session.paths.retain(|p| p.added);
    Ok(Change::Bundle {
        added: add,
        title: leaf.title.to_string(),
    })
}

/// The propagation mechanisms in the order a key cycles through them.
const MECHANISMS: [Mechanism; 9] = [
    Mechanism::Undecided,
    Mechanism::AppDualWrite,
    Mechanism::Cdc,
    Mechanism::Outbox,
    Mechanism::EventSourcing,
    Mechanism::LogMessaging,
    Mechanism::BatchEtl,
    Mechanism::IncrementalHybrid,
    Mechanism::Rpc,
];
const CHANGES: [crate::session::Change; 3] = [
    crate::session::Change::Unchanged,
    crate::session::Change::Added,
    crate::session::Change::Removed,
];
const ORDERINGS: [Ordering; 4] = [
    Ordering::None,
    Ordering::PerKey,
    Ordering::Causal,
    Ordering::Total,
];

/// The item after `current` in `all`, wrapping around.
fn next_in<T: Copy + PartialEq>(all: &[T], current: T) -> T {
    let i = all.iter().position(|x| *x == current).unwrap_or(0);
    all[(i + 1) % all.len()]
}

/// A new feature's name and slug, checked: the name is not empty, the slug is valid.
pub fn check_new_feature(feature: &str, slug: &str) -> Result<(), String> {
    if feature.trim().is_empty() {
        return Err("a feature needs a name".into());
    }
    if !is_valid_slug(slug) {
        return Err(format!(
            "not a valid slug; try \"{}\"",
            crate::session::slugify(slug)
        ));
    }
    Ok(())
}
