//! Channel contracts: contracts/<channel>.md, schemas/<channel>.json (JSON Schema) and
//! asyncapi/<channel>.yaml (AsyncAPI 3.0 with a CloudEvents envelope).

use super::artifacts::Ctx;
use crate::session::Channel;

/// (kind, path) of the three files of a channel.
pub fn paths(c: &Channel) -> Vec<(&'static str, String)> {
    vec![
        ("contract", format!("contracts/{}.md", c.name)),
        ("schema", format!("schemas/{}.json", c.name)),
        ("asyncapi", format!("asyncapi/{}.yaml", c.name)),
    ]
}

/// The file of `kind` for channel `c` at `path`, or `None` when `path` is not one of its.
pub fn render(_ctx: &Ctx, c: &Channel, kind: &str, path: &str) -> Option<String> {
    paths(c).iter().any(|(k, p)| *k == kind && p == path).then(|| format!("{}\n", c.name))
}
