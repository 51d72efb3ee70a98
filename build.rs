//! Embeds every `data/**/*.toml` and `examples/sessions/*.toml` into the binary, in path
//! order, so adding a knowledge file needs no code change. The built-in pack is also
//! parsed here and baked into a compact binary form, so the program does not spend its
//! start-up parsing TOML; it is still validated as a whole at every load.
#![allow(dead_code)]

use std::{env, fs, path::Path};

#[path = "src/rules/mod.rs"]
#[allow(unused_imports)]
mod rules;

#[path = "src/kb/documents.rs"]
mod documents;
#[path = "src/kb/located.rs"]
mod located;
#[path = "src/kb/model.rs"]
mod model;

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
/// parses the TOML at run time and reports the problem with its file and line.
fn bake(files: &[String]) -> Vec<u8> {
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
                return Vec::new();
            }
        }
    }
    postcard::to_allocvec(&packs).expect("a parsed pack always serialises")
}

fn main() {
    let mut data = Vec::new();
    collect(Path::new("data"), &mut data);
    let mut examples = Vec::new();
    collect(Path::new("examples/sessions"), &mut examples);
    let out_dir = env::var("OUT_DIR").unwrap();
    fs::write(Path::new(&out_dir).join("builtin.bin"), bake(&data)).unwrap();
    let src = table("DATA_FILES", "data", &data)
        + &table("EXAMPLE_SESSIONS", "examples/sessions", &examples)
        + "pub const BUILTIN_BAKED: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/builtin.bin\"));\n";
    fs::write(Path::new(&out_dir).join("embedded.rs"), src).unwrap();
    println!("cargo:rerun-if-changed=data");
    println!("cargo:rerun-if-changed=examples/sessions");
    println!("cargo:rerun-if-changed=src/kb/model.rs");
    println!("cargo:rerun-if-changed=src/kb/located.rs");
    println!("cargo:rerun-if-changed=src/kb/documents.rs");
    println!("cargo:rerun-if-changed=src/rules");
    for f in data.iter().chain(&examples) {
        println!("cargo:rerun-if-changed={f}");
    }
}
