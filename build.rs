//! Embeds every `data/**/*.toml` and `examples/sessions/*.toml` into the binary, in path
//! order, so adding a knowledge file needs no code change.
use std::{env, fs, path::Path};

fn collect(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
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

fn main() {
    let mut data = Vec::new();
    collect(Path::new("data"), &mut data);
    let mut examples = Vec::new();
    collect(Path::new("examples/sessions"), &mut examples);
    let src = table("DATA_FILES", "data", &data) + &table("EXAMPLE_SESSIONS", "examples/sessions", &examples);
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded.rs");
    fs::write(out, src).unwrap();
    println!("cargo:rerun-if-changed=data");
    println!("cargo:rerun-if-changed=examples/sessions");
    for f in data.iter().chain(&examples) {
        println!("cargo:rerun-if-changed={f}");
    }
}
