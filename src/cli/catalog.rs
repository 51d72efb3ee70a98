//! `design-advisor catalog`: search patterns and anti-patterns.

use super::TextOrJson;
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
            println!("{}", serde_json::to_string_pretty(&list)?);
        }
        TextOrJson::Text => match exact {
            Some(e) => print!("{}", detail(kb, e)),
            None => {
                for e in &hits {
                    println!("{:<12} {:<36} {}", e.kind(), e.id(), e.name());
                }
                if hits.is_empty() {
                    eprintln!(
                        "no pattern or anti-pattern matches \"{}\"",
                        query.unwrap_or("")
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
