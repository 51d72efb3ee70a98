//! Embeds every `data/**/*.toml` and `examples/sessions/*.toml` into the binary, in path
//! order, so adding a knowledge file needs no code change. The built-in pack is also
//! parsed here, validated as a whole with the program's own passes (src/kb/validate) and
//! baked into a compact binary form with its rules parsed, so the program spends its
//! start-up neither parsing TOML or rules nor repeating the checks. Its strings go to one
//! table (text::Text) and the pattern prose start-up does not read to another
//! (kb::Deferred). A pack that does not validate is still baked but not marked
//! validated: the program then runs the checks and reports every problem with its file
//! and line, as for a user's pack.
#![allow(dead_code)]

use std::{env, fs, path::Path};

#[path = "src/rules/mod.rs"]
#[allow(unused_imports)]
mod rules;

#[path = "src/text/at_build.rs"]
mod text;

#[path = "src/kb/at_build.rs"]
mod kb;

use kb::model;

fn collect(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn table(name: &str, root: &str, files: &[String]) -> String {
    let mut src = format!("pub const {name}: &[(&str, &str)] = &[\n");
    for f in files {
        let rel = f.strip_prefix(&format!("{root}/")).unwrap_or(f);
        src.push_str(&format!(
            "    ({rel:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/\", {f:?}))),\n"
        ));
    }
    src.push_str("];\n");
    src
}

/// The parsed built-in pack, or nothing when a file does not parse: the program then
/// parses the TOML at run time and reports the problem with its file and line. With it,
/// whether the pack passed the full validation.
fn bake(files: &[String]) -> (Vec<u8>, String, Vec<u8>, bool) {
    let mut packs = Vec::new();
    for f in files {
        let text = fs::read_to_string(f).unwrap();
        match toml::from_str::<model::Pack>(&text) {
            Ok(pack) => packs.push((f.strip_prefix("data/").unwrap_or(f).to_string(), pack)),
            Err(e) => {
                println!(
                    "cargo:warning={f} does not parse ({}); `design-advisor kb validate` shows where",
                    e.message()
                );
                return (Vec::new(), String::new(), Vec::new(), false);
            }
        }
    }
    // Each pack's rules, parsed here (in `Pack::rule_slots` order; `None` where there is
    // no rule or it does not parse, and start-up parses those itself).
    let mut baked_files = Vec::new();
    for (name, pack) in &mut packs {
        let rules: Vec<Option<rules::Rule>> = pack
            .rule_slots()
            .into_iter()
            .map(|(text, _)| text.and_then(|t| rules::parse(t).ok()))
            .collect();
        baked_files.push((&*name, &*pack, rules));
    }
    // Every string goes to one table (text::Text), the packs keep their places in it.
    let baked = postcard::to_allocvec(&baked_files).expect("a parsed pack always serialises");
    drop(baked_files);
    let strings = text::take_string_table();
    let blobs = kb::take_blob_table();
    let inputs = files
        .iter()
        .zip(&packs)
        .map(|(f, (name, pack))| kb::validate::Input {
            name: format!("data/{name}"),
            text: fs::read_to_string(f).unwrap().into(),
            layer: 0,
            pack: Some(pack.clone()),
        })
        .collect();
    let validated = match kb::validate::build(inputs) {
        Ok(_) => true,
        Err(diags) => {
            println!(
                "cargo:warning=the built-in knowledge base has {} problem(s); `design-advisor kb validate` lists them",
                diags.0.len()
            );
            false
        }
    };
    (baked, strings, blobs, validated)
}

fn main() {
    let mut data = Vec::new();
    collect(Path::new("data"), &mut data);
    let mut examples = Vec::new();
    collect(Path::new("examples/sessions"), &mut examples);
    let out_dir = env::var("OUT_DIR").unwrap();
    let (baked, strings, blobs, validated) = bake(&data);
    fs::write(Path::new(&out_dir).join("builtin.bin"), baked).unwrap();
    fs::write(Path::new(&out_dir).join("builtin-deferred.bin"), blobs).unwrap();
    fs::write(Path::new(&out_dir).join("builtin-strings.txt"), strings).unwrap();
    fs::write(
        Path::new(&out_dir).join("strings.rs"),
        "/// Every string of the baked pack, end to end (text::Text borrows from it).\npub const BUILTIN_STRINGS: &str = include_str!(concat!(env!(\"OUT_DIR\"), \"/builtin-strings.txt\"));\n",
    )
    .unwrap();
    let src = table("DATA_FILES", "data", &data)
        + &table("EXAMPLE_SESSIONS", "examples/sessions", &examples)
        + "pub const BUILTIN_BAKED: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/builtin.bin\"));\n"
        + "/// The baked pack's deferred values (kb::Deferred).\npub const BUILTIN_BLOBS: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/builtin-deferred.bin\"));\n"
        + &format!(
            "/// Whether build.rs validated the baked pack.\npub const BUILTIN_VALIDATED: bool = {validated};\n"
        );
    fs::write(Path::new(&out_dir).join("embedded.rs"), src).unwrap();
    println!("cargo:rerun-if-changed=data");
    println!("cargo:rerun-if-changed=examples/sessions");
    // The model and the validation passes (src/kb/at_build.rs lists what is compiled).
    println!("cargo:rerun-if-changed=src/kb");
    println!("cargo:rerun-if-changed=src/rules");
    println!("cargo:rerun-if-changed=src/text/baked.rs");
    println!("cargo:rerun-if-changed=src/text/at_build.rs");
    for f in data.iter().chain(&examples) {
        println!("cargo:rerun-if-changed={f}");
    }
}
