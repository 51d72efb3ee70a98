//! Why an edit was refused: shared by `edit` (which applies edits) and `records` (which
//! parses a record's fields), kept apart so neither imports the other back.

/// Why an edit was refused. The session is left as it was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("unknown question \"{0}\"")]
    UnknownQuestion(String),
    #[error("\"{choice}\" is not a choice of {question}")]
    UnknownChoice { question: String, choice: String },
    #[error("unknown decision-graph node \"{0}\"")]
    UnknownNode(String),
    #[error("choose options until a pattern bundle (a leaf) is reached")]
    NotALeaf,
    #[error("unknown evidence item \"{0}\"")]
    UnknownEvidence(String),
    #[error("met by your answers; change the answers to change it")]
    EvidenceMetByAnswers,
    #[error("cannot be ticked: {0}")]
    EvidenceContradicted(String),
    #[error("this question applies to every system; answer it or mark it later")]
    AlwaysApplies,
    #[error("add the bundle first; \"{0}\" is not one of its patterns")]
    NotInBundle(String),
    #[error("add the bundle to the design first; an ADR records a bundle the design adopts")]
    BundleNotAdded,
    #[error("a store needs a name")]
    EmptyStoreName,
    #[error("there is a store named \"{0}\" already")]
    DuplicateStore(String),
    #[error("write \"from -> to\" with two different stores: {}", .0.join(", "))]
    FlowEnds(Vec<String>),
    #[error("add at least two stores first")]
    TooFewStores,
    #[error("no such store or flow")]
    NoSuchItem,
    #[error(
        "\"{0}\" cannot name a file: use lower-case letters, digits, '.', '_' and '-' (like orders.placed.v1)"
    )]
    UnsafeName(String),
    #[error("a {0} needs a name")]
    EmptyName(&'static str),
    #[error("there is one named \"{0}\" already")]
    DuplicateRecord(String),
    #[error("no such record")]
    NoSuchRecord,
    #[error("{0}")]
    Date(String),
    #[error("{field}: \"{value}\" is not one of {allowed}")]
    NotAChoice {
        field: &'static str,
        value: String,
        allowed: String,
    },
    #[error("payload field \"{item}\": {why} (write name type [required] [pii]; ...)")]
    Payload { item: String, why: String },
    #[error(
        "\"{0}\" is not a pattern of the catalog (write its id or its name; / searches the catalog)"
    )]
    UnknownPattern(String),
}
