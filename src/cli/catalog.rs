//! `design-advisor catalog`: search patterns and anti-patterns.

use super::TextOrJson;
use super::output::shown;
use crate::catalog::{detail, search};
use crate::kb::KnowledgeBase;
use serde_json::json;
use std::process::ExitCode;

pub fn run(
    kb: &KnowledgeBase,
    query: Option<&str>,
    format: TextOrJson,
) -> anyhow::Result<ExitCode> {
    let hits = search(kb, query.unwrap_or(""));
    let exact = query.and_then(|q| hits.first().filter(|e| e.id() == q.trim()).copied());
    match format {
        TextOrJson::Json => {
            let list: Vec<_> = hits.iter().map(|e| json!({ "kind": e.kind(), "id": e.id(), "name": e.name(), "summary": e.summary() })).collect();
            super::output::json(&serde_json::Value::Array(list))?;
        }
        TextOrJson::Text => match exact {
            Some(e) => out!("{}", detail(kb, e)),
            None => {
                for e in &hits {
                    outln!("{:<12} {:<36} {}", e.kind(), shown(e.id()), shown(e.name()));
                }
                if hits.is_empty() {
                    errln!(
                        "no pattern or anti-pattern matches \"{}\"",
                        shown(query.unwrap_or(""))
                    );
                }
            }
        },
    }
    Ok(if hits.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
