//! Validates a synthetic pack of N patterns once, for instruction counts that do not
//! depend on the machine's load: valgrind --tool=callgrind target/release/examples/synthetic_validate N
use design_advisor::kb::{self, Input, Source};

#[path = "../benches/synthetic.rs"]
mod synthetic;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let source = Source {
        name: "synthetic.toml".into(),
        text: synthetic::synthetic_pack(n),
        layer: 1,
    };
    let pack = kb::parse_source(&source).unwrap();
    let mut inputs: Vec<Input> = kb::baked_builtin()
        .unwrap()
        .into_iter()
        .map(|(name, p)| Input {
            name,
            text: "".into(),
            layer: 0,
            pack: Some(p),
        })
        .collect();
    inputs.push(Input {
        name: "synthetic.toml".into(),
        text: "".into(),
        layer: 1,
        pack: Some(pack),
    });
    // Only the validation is of interest: mark where it starts for callgrind's toggle.
    let kb = std::hint::black_box(validate(inputs));
    println!(
        "{} patterns, {} nodes, {} edges",
        kb.patterns.len(),
        kb.nodes.len(),
        kb.graph.edge_count()
    );
    std::mem::forget(kb);
}

#[inline(never)]
fn validate(inputs: Vec<Input>) -> kb::KnowledgeBase {
    kb::load_inputs(inputs).unwrap()
}
