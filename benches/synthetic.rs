//! A synthetic knowledge pack of any size, shared by the benchmark and the instruction-count
//! example (examples/synthetic_validate.rs).

use std::fmt::Write;

/// A pack of `n` patterns, each related to 5 others, and an `n`-node decision graph in
/// which every node offers 5 options (so about 5n edges), all reachable from one root.
pub fn synthetic_pack(n: usize) -> String {
    let mut t = String::with_capacity(n * 600);
    for i in 0..n {
        let related: Vec<String> = (1..=5)
            .map(|k| format!("\"syn-p{}\"", (i + k) % n))
            .collect();
        let _ = write!(
            t,
            "[[pattern]]\nid = \"syn-p{i}\"\nname = \"Synthetic {i}\"\ncategory = \"distributed\"\nsolves = \"Problem {i}.\"\nidea = \"Idea {i}.\"\nrelated = [{}]\n[[pattern.realisation]]\ncategory = \"Tool category\"\ntools = [\"tool-{i}\"]\n\n",
            related.join(", ")
        );
    }
    for i in 0..n {
        let _ = write!(t, "[[node]]\nid = \"syn-n{i}\"\ntitle = \"Node {i}\"\n");
        if i == 0 {
            t.push_str("root = true\n");
        }
        let targets: Vec<usize> = (i + 1..=(i + 5).min(n - 1)).collect();
        if targets.is_empty() {
            let _ = writeln!(t, "patterns = [\"syn-p{i}\"]\n");
        } else {
            t.push_str("question = \"Which?\"\n");
            for j in targets {
                let _ = write!(
                    t,
                    "[[node.option]]\nlabel = \"to {j}\"\nto = \"syn-n{j}\"\n"
                );
            }
            t.push('\n');
        }
    }
    t
}
