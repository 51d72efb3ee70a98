//! The parts of a session that feed the artifacts beyond design.md: service information
//! for the per-feature index, decisions (ADRs), channels (contracts), DLQ runbooks, launch
//! decisions, and the stores and flows of an integration architecture. All optional: a
//! session without them still exports its design document.

use super::Date;
use serde::{Deserialize, Serialize};

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// Service information and dependencies, for the per-feature README and the catalog.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ServiceInfo {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner_team: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub slo: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_reviewed: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub upstream: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub downstream: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_infrastructure: Vec<String>,
}

/// An ADR's status. `Deferred` is for a decision that cannot be committed yet: it names
/// its blocking question and due date instead.
#[derive(
    Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "kebab-case")]
pub enum AdrStatus {
    #[default]
    Proposed,
    Accepted,
    Rejected,
    Deprecated,
    Superseded,
    Deferred,
}

impl AdrStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AdrStatus::Proposed => "proposed",
            AdrStatus::Accepted => "accepted",
            AdrStatus::Rejected => "rejected",
            AdrStatus::Deprecated => "deprecated",
            AdrStatus::Superseded => "superseded",
            AdrStatus::Deferred => "deferred",
        }
    }
}

/// The alternative of an "X, or Y if Z" decision: allowed only with a trigger that says
/// when Y takes over (and how it is measured) and an owner of that call.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Fallback {
    pub option: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub trigger: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
}

/// One significant decision of the session, exported as an ADR.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The ADR number within the feature's adrs/ folder; stable once assigned.
    pub number: u32,
    pub title: String,
    #[serde(default)]
    pub status: AdrStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The committed choice, in a sentence.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub decision: String,
    /// The decision-graph path this decision records (drives options and drivers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<String>,
    /// The other options the team considered, in its own words (beside those the path's
    /// graph offers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// What drives the decision, in the team's words (beside the drivers the answers and
    /// findings give).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drivers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decision_makers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consulted: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub informed: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supersedes: Vec<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<Fallback>,
    /// For a deferred decision: what blocks it, and by when it must be answered.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub blocking_question: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
}

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ChannelRole {
    #[default]
    Produced,
    Consumed,
    Both,
}

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Compatibility {
    #[default]
    Backward,
    Forward,
    Full,
    None,
}

/// A field of a channel's event payload, for its JSON Schema.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    /// A JSON Schema type: string, integer, number, boolean, object, array.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "is_default")]
    pub pii: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DeadLetter {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub dashboard: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub alert: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub runbook: String,
}

/// What the design does to a store, flow or channel: it exists today and stays
/// (unchanged, the default), the design adds it, or the design removes it.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    #[default]
    Unchanged,
    Added,
    Removed,
}

impl Change {
    /// Part of the target design.
    pub fn in_target(self) -> bool {
        self != Change::Removed
    }
    /// Part of the system today.
    pub fn in_today(self) -> bool {
        self != Change::Added
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Unchanged => "unchanged",
            Change::Added => "added",
            Change::Removed => "removed",
        }
    }
}

/// A channel this feature owns or uses, exported as a contract, a JSON Schema and an
/// AsyncAPI document (with a CloudEvents envelope).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// Semantic and versioned, e.g. orders.placed.v1.
    pub name: String,
    /// Added or removed by the design; unchanged by default.
    #[serde(default, skip_serializing_if = "is_default")]
    pub change: Change,
    #[serde(default)]
    pub role: ChannelRole,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub escalation: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub purpose: String,
    /// Pattern ids from the knowledge base.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub producers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consumers: Vec<String>,
    #[serde(default)]
    pub compatibility: Compatibility,
    /// The payload schema forbids unknown properties (additionalProperties: false).
    #[serde(default, skip_serializing_if = "is_default")]
    pub closed_schema: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub delivery: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ordering_key: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub retention: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub replay: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub dlq: DeadLetter,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pii_class: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub encryption: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub slo: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
}

/// A DLQ runbook: the nine questions every one must answer.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Runbook {
    /// The incident, as a slug-like name: orders-dlq-growing.
    pub incident: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub channel: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub who_is_paged: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub inspect_safely: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub transient_or_permanent: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub patch_or_quarantine: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub redrive_rate: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub downstream_check: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stop_redrive: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub retention: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub audit_trail: String,
}

/// The lists of a session a person fills in record by record: channels (contracts),
/// decisions (ADRs), DLQ runbooks and launch decisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Channel,
    Decision,
    Runbook,
    Launch,
}

/// A launch decision taken on a date; the verdict is the tier earned then.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Launch {
    pub date: Date,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum StoreRole {
    #[default]
    SystemOfRecord,
    Derived,
}

/// A data store in an integration architecture.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Store {
    pub name: String,
    /// Added or removed by the design; unchanged by default.
    #[serde(default, skip_serializing_if = "is_default")]
    pub change: Change,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(default)]
    pub role: StoreRole,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub access: String,
}

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Mechanism {
    /// The application writes both stores itself: a dual write.
    AppDualWrite,
    Cdc,
    EventSourcing,
    Outbox,
    BatchEtl,
    IncrementalHybrid,
    LogMessaging,
    Rpc,
    #[default]
    Undecided,
}

impl Mechanism {
    /// The id used in session files and in `flow(...)` rules.
    pub fn as_str(self) -> &'static str {
        match self {
            Mechanism::AppDualWrite => "app-dual-write",
            Mechanism::Cdc => "cdc",
            Mechanism::EventSourcing => "event-sourcing",
            Mechanism::Outbox => "outbox",
            Mechanism::BatchEtl => "batch-etl",
            Mechanism::IncrementalHybrid => "incremental-hybrid",
            Mechanism::LogMessaging => "log-messaging",
            Mechanism::Rpc => "rpc",
            Mechanism::Undecided => "undecided",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Ordering {
    Total,
    PerKey,
    Causal,
    #[default]
    None,
}

/// A data flow from one store to another.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    pub from: String,
    pub to: String,
    /// Added or removed by the design; unchanged by default.
    #[serde(default, skip_serializing_if = "is_default")]
    pub change: Change,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub entity: String,
    #[serde(default)]
    pub mechanism: Mechanism,
    /// Through a broker or processor, e.g. "Kafka topic products.changed.v1".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub via: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub latency: String,
    #[serde(default)]
    pub ordering: Ordering,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ordering_key: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub idempotency: String,
}
