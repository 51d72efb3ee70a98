//! The records a person fills in field by field: channels (contracts), decisions (ADRs),
//! DLQ runbooks and launch decisions. Each field says how it is written (a line, a
//! paragraph, a list, one of a few choices, a date), reads its value from the session as
//! one line and parses a typed line back; `edit::apply` stores it.
//!
//! It runs past 600 lines because it is one table per record kind (a field's label, how
//! it is written, how it is read and parsed), kept together so each field is defined
//! once for the form, the list and the edit.

use super::error::EditError;
use crate::session::{
    AdrStatus, Change, Channel, ChannelRole, Compatibility, Date, Decision, Field, Launch,
    RecordKind, Runbook, Session,
};

/// How a field is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    Line,
    /// Room for a paragraph.
    Paragraph,
    /// Items separated by this character.
    List(char),
    /// One of these values; the terminal cycles through them.
    Choice(&'static [&'static str]),
    /// YYYY-MM-DD, or empty.
    Date,
    /// A channel's payload fields: "name type [required] [pii]; ...".
    Payload,
}

/// One field of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordField {
    ChannelName,
    ChannelChange,
    ChannelRole,
    ChannelPurpose,
    ChannelPatterns,
    ChannelOwner,
    ChannelEscalation,
    ChannelProducers,
    ChannelConsumers,
    ChannelPayload,
    ChannelClosedSchema,
    ChannelCompatibility,
    ChannelDelivery,
    ChannelOrderingKey,
    ChannelRetention,
    ChannelReplay,
    ChannelPiiClass,
    ChannelEncryption,
    ChannelSlo,
    DlqName,
    DlqOwner,
    DlqDashboard,
    DlqAlert,
    DlqRunbook,
    DecisionTitle,
    DecisionStatus,
    DecisionChosen,
    DecisionOptions,
    DecisionDrivers,
    DecisionMakers,
    DecisionConsulted,
    DecisionDue,
    DecisionBlocking,
    RunbookIncident,
    RunbookChannel,
    RunbookPaged,
    RunbookInspect,
    RunbookTransient,
    RunbookPatch,
    RunbookRedriveRate,
    RunbookDownstream,
    RunbookStop,
    RunbookRetention,
    RunbookAudit,
    LaunchDate,
    LaunchNotes,
}

const CHANGES: &[&str] = &["unchanged", "added", "removed"];
const ROLES: &[&str] = &["produced", "consumed", "both"];
const COMPATIBILITY: &[&str] = &["backward", "forward", "full", "none"];
const YES_NO: &[&str] = &["no", "yes"];
const STATUSES: &[&str] = &[
    "proposed",
    "accepted",
    "rejected",
    "deprecated",
    "superseded",
    "deferred",
];
/// The JSON Schema types a payload field may have.
pub const FIELD_TYPES: &[&str] = &["string", "integer", "number", "boolean", "object", "array"];

use RecordField as F;

impl RecordKind {
    pub const ALL: [RecordKind; 4] = [
        RecordKind::Channel,
        RecordKind::Decision,
        RecordKind::Runbook,
        RecordKind::Launch,
    ];

    /// The fields of a record of this kind, in the order a form shows them.
    pub fn fields(self) -> &'static [RecordField] {
        match self {
            RecordKind::Channel => &[
                F::ChannelName,
                F::ChannelPurpose,
                F::ChannelPayload,
                F::ChannelPiiClass,
                F::ChannelRole,
                F::ChannelChange,
                F::ChannelCompatibility,
                F::ChannelOwner,
                F::ChannelProducers,
                F::ChannelConsumers,
                F::DlqName,
                F::DlqOwner,
                F::DlqDashboard,
                F::DlqAlert,
                F::DlqRunbook,
                F::ChannelPatterns,
                F::ChannelDelivery,
                F::ChannelOrderingKey,
                F::ChannelRetention,
                F::ChannelReplay,
                F::ChannelEncryption,
                F::ChannelSlo,
                F::ChannelClosedSchema,
                F::ChannelEscalation,
            ],
            RecordKind::Decision => &[
                F::DecisionTitle,
                F::DecisionChosen,
                F::DecisionOptions,
                F::DecisionDrivers,
                F::DecisionStatus,
                F::DecisionMakers,
                F::DecisionConsulted,
                F::DecisionDue,
                F::DecisionBlocking,
            ],
            RecordKind::Runbook => &[
                F::RunbookIncident,
                F::RunbookChannel,
                F::RunbookPaged,
                F::RunbookInspect,
                F::RunbookTransient,
                F::RunbookPatch,
                F::RunbookRedriveRate,
                F::RunbookDownstream,
                F::RunbookStop,
                F::RunbookRetention,
                F::RunbookAudit,
            ],
            RecordKind::Launch => &[F::LaunchDate, F::LaunchNotes],
        }
    }

    /// What one record is called.
    pub fn noun(self) -> &'static str {
        match self {
            RecordKind::Channel => "channel",
            RecordKind::Decision => "decision",
            RecordKind::Runbook => "runbook",
            RecordKind::Launch => "launch",
        }
    }

    /// What a new record is asked for first: its name.
    pub fn name_hint(self) -> &'static str {
        match self {
            RecordKind::Channel => "Channel name, semantic and versioned: orders.placed.v1",
            RecordKind::Decision => "Decision title: what is decided, e.g. Broker for the log",
            RecordKind::Runbook => "Incident, as a short name: orders-dlq-growing",
            RecordKind::Launch => "Launch date, YYYY-MM-DD",
        }
    }

    pub fn count(self, s: &Session) -> usize {
        match self {
            RecordKind::Channel => s.channels.len(),
            RecordKind::Decision => s.decisions.len(),
            RecordKind::Runbook => s.runbooks.len(),
            RecordKind::Launch => s.launches.len(),
        }
    }

    /// A record's name as a list shows it.
    pub fn name(self, s: &Session, index: usize) -> String {
        self.fields()[0].value(s, index)
    }
}

impl RecordField {
    pub fn kind(self) -> RecordKind {
        RecordKind::ALL
            .into_iter()
            .find(|k| k.fields().contains(&self))
            .unwrap_or(RecordKind::Channel)
    }

    pub fn label(self) -> &'static str {
        match self {
            F::ChannelName => "Name",
            F::ChannelChange => "Today → target",
            F::ChannelRole => "Role",
            F::ChannelPurpose => "Purpose",
            F::ChannelPatterns => "Patterns",
            F::ChannelOwner => "Owner",
            F::ChannelEscalation => "Escalation",
            F::ChannelProducers => "Producers",
            F::ChannelConsumers => "Consumers",
            F::ChannelPayload => "Payload fields",
            F::ChannelClosedSchema => "Closed schema",
            F::ChannelCompatibility => "Compatibility",
            F::ChannelDelivery => "Delivery",
            F::ChannelOrderingKey => "Ordering key",
            F::ChannelRetention => "Retention",
            F::ChannelReplay => "Replay",
            F::ChannelPiiClass => "PII class",
            F::ChannelEncryption => "Encryption",
            F::ChannelSlo => "SLO",
            F::DlqName => "DLQ name",
            F::DlqOwner => "DLQ owner",
            F::DlqDashboard => "DLQ dashboard",
            F::DlqAlert => "DLQ alert",
            F::DlqRunbook => "DLQ runbook",
            F::DecisionTitle => "Title",
            F::DecisionStatus => "Status",
            F::DecisionChosen => "Decision (chosen)",
            F::DecisionOptions => "Other options",
            F::DecisionDrivers => "Drivers",
            F::DecisionMakers => "Decision makers",
            F::DecisionConsulted => "Consulted",
            F::DecisionDue => "Due",
            F::DecisionBlocking => "Blocking question",
            F::RunbookIncident => "Incident",
            F::RunbookChannel => "Channel",
            F::RunbookPaged => "Who is paged",
            F::RunbookInspect => "Inspect safely",
            F::RunbookTransient => "Transient/permanent",
            F::RunbookPatch => "Patch or quarantine",
            F::RunbookRedriveRate => "Redrive rate",
            F::RunbookDownstream => "Downstream check",
            F::RunbookStop => "Stop the redrive",
            F::RunbookRetention => "Retention",
            F::RunbookAudit => "Audit trail",
            F::LaunchDate => "Date",
            F::LaunchNotes => "Notes",
        }
    }

    /// How to write the field, in one line.
    pub fn hint(self) -> &'static str {
        match self {
            F::ChannelName => "Semantic and versioned: orders.placed.v1",
            F::ChannelChange => {
                "unchanged (exists today and stays), added or removed by the design"
            }
            F::ChannelRole => "Whether this feature produces, consumes or does both",
            F::ChannelPurpose => "What the channel carries and why, in a sentence or two",
            F::ChannelPatterns => "Catalog patterns it follows, by id or name, separated by ,",
            F::ChannelOwner | F::DlqOwner => "A team",
            F::ChannelEscalation => "Where to escalate: a rotation or a channel",
            F::ChannelProducers | F::ChannelConsumers => "Services, separated by ,",
            F::ChannelPayload => "name type [required] [pii]; ... e.g. user_id string required pii",
            F::ChannelClosedSchema => "yes: the schema forbids unknown properties",
            F::ChannelCompatibility => "Schema compatibility a new version keeps",
            F::ChannelDelivery => "e.g. at-least-once, consumers deduplicate by event id",
            F::ChannelOrderingKey => "The key that orders events, e.g. user_id",
            F::ChannelRetention | F::RunbookRetention => "e.g. 7 days",
            F::ChannelReplay => "How a consumer replays, e.g. from an offset within retention",
            F::ChannelPiiClass => {
                "The class of personal data the payload carries, e.g. personal: contact details"
            }
            F::ChannelEncryption => "e.g. TLS in transit, KMS at rest",
            F::ChannelSlo => "e.g. 99% of events delivered within 5 s",
            F::DlqName => "The dead-letter queue, e.g. orders.placed.v1.dlq",
            F::DlqDashboard | F::DlqAlert | F::DlqRunbook => "A link or a name",
            F::DecisionTitle => "What is decided",
            F::DecisionStatus => {
                "Where the decision stands (deferred: waits for its blocking question)"
            }
            F::DecisionChosen => "The chosen option, in a sentence",
            F::DecisionOptions => "The other options considered, separated by ;",
            F::DecisionDrivers => "What drives the choice, separated by ;",
            F::DecisionMakers | F::DecisionConsulted => "People or teams, separated by ,",
            F::DecisionDue | F::LaunchDate => "YYYY-MM-DD",
            F::DecisionBlocking => "For a deferred decision: the question it waits for",
            F::RunbookIncident => "A short name: orders-dlq-growing",
            F::RunbookChannel => "The channel whose DLQ this is",
            F::RunbookPaged => "Who is paged, and when",
            F::RunbookInspect => "How to look at dead letters without changing them",
            F::RunbookTransient => "How to tell a transient failure from a permanent one",
            F::RunbookPatch => "When to patch the consumer, when to quarantine the message",
            F::RunbookRedriveRate => "How fast to redrive, e.g. 50 messages/s",
            F::RunbookDownstream => "What to check downstream before and after a redrive",
            F::RunbookStop => "When to stop a redrive",
            F::RunbookAudit => "Where the redrive is recorded",
            F::LaunchNotes => "What was decided at the launch and why",
        }
    }

    pub fn input(self) -> Input {
        match self {
            F::ChannelChange => Input::Choice(CHANGES),
            F::ChannelRole => Input::Choice(ROLES),
            F::ChannelCompatibility => Input::Choice(COMPATIBILITY),
            F::ChannelClosedSchema => Input::Choice(YES_NO),
            F::DecisionStatus => Input::Choice(STATUSES),
            F::ChannelProducers
            | F::ChannelPatterns
            | F::ChannelConsumers
            | F::DecisionMakers
            | F::DecisionConsulted => Input::List(','),
            F::DecisionOptions | F::DecisionDrivers => Input::List(';'),
            F::ChannelPayload => Input::Payload,
            F::DecisionDue | F::LaunchDate => Input::Date,
            F::ChannelPurpose
            | F::DecisionChosen
            | F::DecisionBlocking
            | F::RunbookInspect
            | F::RunbookTransient
            | F::RunbookPatch
            | F::RunbookDownstream
            | F::RunbookStop
            | F::LaunchNotes => Input::Paragraph,
            _ => Input::Line,
        }
    }

    /// For a choice: the value after the current one, wrapping around.
    pub fn next_choice(self, s: &Session, index: usize) -> Option<String> {
        let Input::Choice(all) = self.input() else {
            return None;
        };
        let current = self.value(s, index);
        let i = all.iter().position(|c| *c == current).unwrap_or(0);
        Some(all[(i + 1) % all.len()].to_string())
    }

    /// The field's value as one line (lists joined by their separator); empty when the
    /// record does not exist.
    pub fn value(self, s: &Session, index: usize) -> String {
        let list = |v: &[String], sep: char| v.join(&format!("{sep} "));
        match self.kind() {
            RecordKind::Channel => {
                let Some(c) = s.channels.get(index) else {
                    return String::new();
                };
                match self {
                    F::ChannelName => c.name.clone(),
                    F::ChannelChange => c.change.as_str().into(),
                    F::ChannelRole => ROLES[c.role as usize].into(),
                    F::ChannelPurpose => c.purpose.clone(),
                    F::ChannelPatterns => list(&c.patterns, ','),
                    F::ChannelOwner => c.owner.clone(),
                    F::ChannelEscalation => c.escalation.clone(),
                    F::ChannelProducers => list(&c.producers, ','),
                    F::ChannelConsumers => list(&c.consumers, ','),
                    F::ChannelPayload => payload_text(&c.fields),
                    F::ChannelClosedSchema => YES_NO[usize::from(c.closed_schema)].into(),
                    F::ChannelCompatibility => COMPATIBILITY[c.compatibility as usize].into(),
                    F::ChannelDelivery => c.delivery.clone(),
                    F::ChannelOrderingKey => c.ordering_key.clone(),
                    F::ChannelRetention => c.retention.clone(),
                    F::ChannelReplay => c.replay.clone(),
                    F::ChannelPiiClass => c.pii_class.clone(),
                    F::ChannelEncryption => c.encryption.clone(),
                    F::ChannelSlo => c.slo.clone(),
                    F::DlqName => c.dlq.name.clone(),
                    F::DlqOwner => c.dlq.owner.clone(),
                    F::DlqDashboard => c.dlq.dashboard.clone(),
                    F::DlqAlert => c.dlq.alert.clone(),
                    F::DlqRunbook => c.dlq.runbook.clone(),
                    _ => String::new(),
                }
            }
            RecordKind::Decision => {
                let Some(d) = s.decisions.get(index) else {
                    return String::new();
                };
                match self {
                    F::DecisionTitle => d.title.clone(),
                    F::DecisionStatus => d.status.as_str().into(),
                    F::DecisionChosen => d.decision.clone(),
                    F::DecisionOptions => list(&d.options, ';'),
                    F::DecisionDrivers => list(&d.drivers, ';'),
                    F::DecisionMakers => list(&d.decision_makers, ','),
                    F::DecisionConsulted => list(&d.consulted, ','),
                    F::DecisionDue => d.due.map(|d| d.to_string()).unwrap_or_default(),
                    F::DecisionBlocking => d.blocking_question.clone(),
                    _ => String::new(),
                }
            }
            RecordKind::Runbook => {
                let Some(r) = s.runbooks.get(index) else {
                    return String::new();
                };
                match self {
                    F::RunbookIncident => r.incident.clone(),
                    F::RunbookChannel => r.channel.clone(),
                    F::RunbookPaged => r.who_is_paged.clone(),
                    F::RunbookInspect => r.inspect_safely.clone(),
                    F::RunbookTransient => r.transient_or_permanent.clone(),
                    F::RunbookPatch => r.patch_or_quarantine.clone(),
                    F::RunbookRedriveRate => r.redrive_rate.clone(),
                    F::RunbookDownstream => r.downstream_check.clone(),
                    F::RunbookStop => r.stop_redrive.clone(),
                    F::RunbookRetention => r.retention.clone(),
                    F::RunbookAudit => r.audit_trail.clone(),
                    _ => String::new(),
                }
            }
            RecordKind::Launch => {
                let Some(l) = s.launches.get(index) else {
                    return String::new();
                };
                match self {
                    F::LaunchDate => l.date.to_string(),
                    F::LaunchNotes => l.notes.clone(),
                    _ => String::new(),
                }
            }
        }
    }
}

/// A channel's payload fields as one line: "user_id string required pii; topic string".
pub fn payload_text(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| {
            let mut out = format!("{} {}", f.name, f.kind);
            if f.required {
                out.push_str(" required");
            }
            if f.pii {
                out.push_str(" pii");
            }
            out
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Parses payload fields written "name type [required] [pii]; ...". A field already
/// there keeps its description.
pub fn parse_payload(text: &str, old: &[Field]) -> Result<Vec<Field>, EditError> {
    let mut out: Vec<Field> = Vec::new();
    for item in text.split(';').map(str::trim).filter(|x| !x.is_empty()) {
        let bad = |why: &str| EditError::Payload {
            item: item.to_string(),
            why: why.to_string(),
        };
        let mut words = item.split_whitespace();
        let name = words.next().unwrap_or_default().to_string();
        let kind = words
            .next()
            .ok_or_else(|| bad("write its type after the name"))?
            .to_ascii_lowercase();
        if !FIELD_TYPES.contains(&kind.as_str()) {
            return Err(bad(&format!(
                "the type is one of {}",
                FIELD_TYPES.join(", ")
            )));
        }
        if out.iter().any(|f| f.name == name) {
            return Err(bad("a field of this name is listed already"));
        }
        let mut field = Field {
            description: old
                .iter()
                .find(|f| f.name == name)
                .map(|f| f.description.clone())
                .unwrap_or_default(),
            name,
            kind,
            ..Field::default()
        };
        for flag in words {
            match flag.to_ascii_lowercase().as_str() {
                "required" => field.required = true,
                "pii" => field.pii = true,
                "optional" => field.required = false,
                _ => return Err(bad("after the type, write required and/or pii")),
            }
        }
        out.push(field);
    }
    Ok(out)
}

/// Adds a record named `name` (a channel's name, a decision's title, a runbook's incident,
/// a launch's date); returns its index.
pub(super) fn add(s: &mut Session, kind: RecordKind, name: &str) -> Result<usize, EditError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(EditError::EmptyName(kind.noun()));
    }
    let taken = (0..kind.count(s)).any(|i| kind.name(s, i) == name);
    names_a_file(kind, name)?;
    match kind {
        RecordKind::Channel => {
            if taken {
                return Err(EditError::DuplicateRecord(name.to_string()));
            }
            s.channels.push(Channel {
                name: name.to_string(),
                change: Change::Added,
                ..Channel::default()
            });
        }
        RecordKind::Decision => {
            let number = s.decisions.iter().map(|d| d.number).max().unwrap_or(0) + 1;
            s.decisions.push(Decision {
                number,
                title: name.to_string(),
                ..Decision::default()
            });
        }
        RecordKind::Runbook => {
            if taken {
                return Err(EditError::DuplicateRecord(name.to_string()));
            }
            s.runbooks.push(Runbook {
                incident: name.to_string(),
                ..Runbook::default()
            });
        }
        RecordKind::Launch => {
            let date = parse_date(name)?;
            if s.launches.iter().any(|l| l.date == date) {
                return Err(EditError::DuplicateRecord(name.to_string()));
            }
            s.launches.push(Launch {
                date,
                notes: String::new(),
            });
        }
    }
    Ok(kind.count(s) - 1)
}

/// A channel's name and a runbook's incident become file names (contracts/<name>.md,
/// runbooks/<incident>.md): refused here, where they are typed, rather than at the write.
fn names_a_file(kind: RecordKind, name: &str) -> Result<(), EditError> {
    let names_file = matches!(kind, RecordKind::Channel | RecordKind::Runbook);
    if names_file && !crate::text::names::is_safe_name(name) {
        return Err(EditError::UnsafeName(name.to_string()));
    }
    Ok(())
}

fn parse_date(text: &str) -> Result<Date, EditError> {
    text.trim().parse::<Date>().map_err(EditError::Date)
}

fn choice<T: Copy>(
    field: RecordField,
    value: &str,
    all: &[&str],
    map: &[T],
) -> Result<T, EditError> {
    all.iter()
        .position(|c| c.eq_ignore_ascii_case(value))
        .map(|i| map[i])
        .ok_or_else(|| EditError::NotAChoice {
            field: field.label(),
            value: value.to_string(),
            allowed: all.join(", "),
        })
}

/// Sets one field of a record from its one-line form.
pub(super) fn set(
    kb: &crate::kb::KnowledgeBase,
    s: &mut Session,
    index: usize,
    field: RecordField,
    value: &str,
) -> Result<(), EditError> {
    let value = value.trim();
    let items = |sep: char| -> Vec<String> {
        value
            .split(sep)
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect()
    };
    let text = value.to_string();
    let kind = field.kind();
    if index >= kind.count(s) {
        return Err(EditError::NoSuchRecord);
    }
    if field == kind.fields()[0] && field != F::LaunchDate {
        if value.is_empty() {
            return Err(EditError::EmptyName(kind.noun()));
        }
        names_a_file(kind, value)?;
        let taken = (0..kind.count(s)).any(|i| i != index && kind.name(s, i) == value);
        if taken && kind != RecordKind::Decision {
            return Err(EditError::DuplicateRecord(text));
        }
    }
    match kind {
        RecordKind::Channel => {
            let changes = [Change::Unchanged, Change::Added, Change::Removed];
            let roles = [
                ChannelRole::Produced,
                ChannelRole::Consumed,
                ChannelRole::Both,
            ];
            let compat = [
                Compatibility::Backward,
                Compatibility::Forward,
                Compatibility::Full,
                Compatibility::None,
            ];
            let old_fields = s.channels[index].fields.clone();
            // Patterns by id or by name, stored as ids.
            let patterns = if field == F::ChannelPatterns {
                items(',')
                    .iter()
                    .map(|p| {
                        kb.pattern(p)
                            .or_else(|| kb.patterns.iter().find(|x| x.name.eq_ignore_ascii_case(p)))
                            .map(|x| x.id.get_ref().to_string())
                            .ok_or_else(|| EditError::UnknownPattern(p.clone()))
                    })
                    .collect::<Result<Vec<_>, _>>()?
            } else {
                Vec::new()
            };
            let payload = if field == F::ChannelPayload {
                Some(parse_payload(value, &old_fields)?)
            } else {
                None
            };
            let c = &mut s.channels[index];
            match field {
                F::ChannelName => c.name = text,
                F::ChannelChange => c.change = choice(field, value, CHANGES, &changes)?,
                F::ChannelRole => c.role = choice(field, value, ROLES, &roles)?,
                F::ChannelPurpose => c.purpose = text,
                F::ChannelPatterns => c.patterns = patterns,
                F::ChannelOwner => c.owner = text,
                F::ChannelEscalation => c.escalation = text,
                F::ChannelProducers => c.producers = items(','),
                F::ChannelConsumers => c.consumers = items(','),
                F::ChannelPayload => c.fields = payload.unwrap_or_default(),
                F::ChannelClosedSchema => {
                    c.closed_schema = choice(field, value, YES_NO, &[false, true])?
                }
                F::ChannelCompatibility => {
                    c.compatibility = choice(field, value, COMPATIBILITY, &compat)?
                }
                F::ChannelDelivery => c.delivery = text,
                F::ChannelOrderingKey => c.ordering_key = text,
                F::ChannelRetention => c.retention = text,
                F::ChannelReplay => c.replay = text,
                F::ChannelPiiClass => c.pii_class = text,
                F::ChannelEncryption => c.encryption = text,
                F::ChannelSlo => c.slo = text,
                F::DlqName => c.dlq.name = text,
                F::DlqOwner => c.dlq.owner = text,
                F::DlqDashboard => c.dlq.dashboard = text,
                F::DlqAlert => c.dlq.alert = text,
                F::DlqRunbook => c.dlq.runbook = text,
                _ => {}
            }
        }
        RecordKind::Decision => {
            let due = if field == F::DecisionDue && !value.is_empty() {
                Some(parse_date(value)?)
            } else {
                None
            };
            let statuses = [
                AdrStatus::Proposed,
                AdrStatus::Accepted,
                AdrStatus::Rejected,
                AdrStatus::Deprecated,
                AdrStatus::Superseded,
                AdrStatus::Deferred,
            ];
            let d = &mut s.decisions[index];
            match field {
                F::DecisionTitle => d.title = text,
                F::DecisionStatus => d.status = choice(field, value, STATUSES, &statuses)?,
                F::DecisionChosen => d.decision = text,
                F::DecisionOptions => d.options = items(';'),
                F::DecisionDrivers => d.drivers = items(';'),
                F::DecisionMakers => d.decision_makers = items(','),
                F::DecisionConsulted => d.consulted = items(','),
                F::DecisionDue => d.due = due,
                F::DecisionBlocking => d.blocking_question = text,
                _ => {}
            }
        }
        RecordKind::Runbook => {
            let r = &mut s.runbooks[index];
            let slot = match field {
                F::RunbookIncident => &mut r.incident,
                F::RunbookChannel => &mut r.channel,
                F::RunbookPaged => &mut r.who_is_paged,
                F::RunbookInspect => &mut r.inspect_safely,
                F::RunbookTransient => &mut r.transient_or_permanent,
                F::RunbookPatch => &mut r.patch_or_quarantine,
                F::RunbookRedriveRate => &mut r.redrive_rate,
                F::RunbookDownstream => &mut r.downstream_check,
                F::RunbookStop => &mut r.stop_redrive,
                F::RunbookRetention => &mut r.retention,
                _ => &mut r.audit_trail,
            };
            *slot = text;
        }
        RecordKind::Launch => match field {
            F::LaunchDate => {
                let date = parse_date(value)?;
                if s.launches
                    .iter()
                    .enumerate()
                    .any(|(i, l)| i != index && l.date == date)
                {
                    return Err(EditError::DuplicateRecord(text));
                }
                s.launches[index].date = date;
            }
            _ => s.launches[index].notes = text,
        },
    }
    Ok(())
}

/// Removes a record.
pub(super) fn delete(s: &mut Session, kind: RecordKind, index: usize) -> Result<(), EditError> {
    if index >= kind.count(s) {
        return Err(EditError::NoSuchRecord);
    }
    match kind {
        RecordKind::Channel => {
            s.channels.remove(index);
        }
        RecordKind::Decision => {
            s.decisions.remove(index);
        }
        RecordKind::Runbook => {
            s.runbooks.remove(index);
        }
        RecordKind::Launch => {
            s.launches.remove(index);
        }
    }
    Ok(())
}
