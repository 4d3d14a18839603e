//! Turns `locales/en.json` into the text keys the app is compiled against, and checks every other
//! `locales/*.json` against it, so a missing or misspelt key, or a translation that loses a
//! `%placeholder%`, fails the build rather than showing up on screen.
//!
//! English is compiled into the wasm; the other languages stay files that the app fetches from
//! its own origin when first chosen (see `src/i18n.rs`).

use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=locales");
    let dir = Path::new("locales");
    let english = read(&dir.join("en.json"));
    let mut problems = Vec::new();
    // Each key becomes a Rust constant (`keys::name`).
    for key in english.keys() {
        let ident = key.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ident {
            problems.push(format!(
                "locales/en.json: \"{key}\" is not a snake_case name"
            ));
        }
    }
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("locales/ is readable")
        .map(|e| e.expect("locales/ entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.ends_with("en.json"))
        .collect();
    files.sort();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let other = read(path);
        let name = path.display();
        for key in english.keys().filter(|k| !other.contains_key(*k)) {
            problems.push(format!("{name}: missing \"{key}\""));
        }
        for key in other.keys().filter(|k| !english.contains_key(*k)) {
            problems.push(format!("{name}: \"{key}\" is not in en.json"));
        }
        for (key, en) in &english {
            let Some(text) = other.get(key) else { continue };
            match text.as_str() {
                None => problems.push(format!("{name}: \"{key}\" is not a string")),
                Some(text) if placeholders(text) != placeholders(as_str(en, key)) => {
                    problems.push(format!(
                        "{name}: \"{key}\" has placeholders {:?}, en.json has {:?}",
                        placeholders(text),
                        placeholders(as_str(en, key))
                    ))
                }
                Some(text) if text.trim().is_empty() && !as_str(en, key).trim().is_empty() => {
                    problems.push(format!("{name}: \"{key}\" is empty"))
                }
                Some(_) => {}
            }
        }
    }
    assert!(
        problems.is_empty(),
        "locale files disagree with locales/en.json:\n  {}",
        problems.join("\n  ")
    );

    // Keys in en.json's (sorted) order: `keys::name` is the index into `EN` and into a fetched
    // language's table.
    let mut out = String::new();
    writeln!(out, "/// How many text keys there are.").unwrap();
    writeln!(out, "pub const COUNT: usize = {};", english.len()).unwrap();
    writeln!(
        out,
        "/// Each key's index, by its name in the locale files."
    )
    .unwrap();
    writeln!(
        out,
        "#[allow(non_upper_case_globals, dead_code)]\npub mod keys {{"
    )
    .unwrap();
    for (i, key) in english.keys().enumerate() {
        writeln!(out, "    pub const {key}: usize = {i};").unwrap();
    }
    writeln!(out, "}}").unwrap();
    writeln!(
        out,
        "/// The key names, to read a fetched language's file by."
    )
    .unwrap();
    writeln!(
        out,
        "pub static NAMES: [&str; COUNT] = {:?};",
        english.keys().collect::<Vec<_>>()
    )
    .unwrap();
    writeln!(out, "/// The English text, always present.").unwrap();
    let texts: Vec<&str> = english.iter().map(|(k, v)| as_str(v, k)).collect();
    writeln!(out, "pub static EN: [&str; COUNT] = {texts:?};").unwrap();
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("text_keys.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

fn read(path: &Path) -> Map<String, Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match serde_json::from_str(&text) {
        Ok(Value::Object(map)) => map,
        Ok(_) => panic!("{}: not a JSON object", path.display()),
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

fn as_str<'a>(v: &'a Value, key: &str) -> &'a str {
    v.as_str()
        .unwrap_or_else(|| panic!("locales/en.json: \"{key}\" is not a string"))
}

/// The `%name%` placeholders `text::fill` fills (a lone `%` is just a percent sign).
fn placeholders(text: &str) -> BTreeSet<&str> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find('%') {
        rest = &rest[start + 1..];
        let Some(end) = rest.find('%') else { break };
        let name = &rest[..end];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            found.insert(name);
            rest = &rest[end + 1..];
        }
    }
    found
}
