//! The module layers, lowest first, and the test that keeps imports pointing downward: a module
//! may use modules of its own layer or below, never above. Adding a module means adding it
//! here, in the layer where it belongs.

/// Lowest first. Modules in one layer do not depend on each other's layer position.
const LAYERS: &[&[&str]] = &[
    // Errors, logging and facts with no dependencies.
    &["error", "log", "jp", "sharded"],
    // Keys and the identifier detectors.
    &["keys", "detect"],
    // Reading, writing and delivering files.
    &["io"],
    // The rule families.
    &["transform"],
    // What uses rules' outputs: classification, risk, the delivery check.
    &["classify", "risk", "verify"],
    // The job file and its plan.
    &["job"],
    // The report.
    &["report"],
    // The commands and the orchestration of a run.
    &["cmd"],
    // The command line, the binary and test-only modules.
    &["cli", "main", "lib", "fuzz", "never_panics", "layers"],
];

#[cfg(test)]
mod tests {
    use super::LAYERS;
    use std::path::Path;

    fn layer_of(module: &str) -> Option<usize> {
        LAYERS.iter().position(|l| l.contains(&module))
    }

    /// The top-level module a source file belongs to (`src/io/source.rs` → `io`).
    fn module_of(path: &Path, src: &Path) -> String {
        let rel = path.strip_prefix(src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        first.trim_end_matches(".rs").to_string()
    }

    fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                rust_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    /// Every `crate::NAME` a file mentions (in `use` lines, also across lines, and in paths),
    /// outside `//` comments (a `//` inside a string such as `https://` is not one).
    fn used_modules(text: &str) -> Vec<String> {
        let code: String = text
            .lines()
            .map(|line| {
                let cut = line
                    .match_indices("//")
                    .find(|(i, _)| *i == 0 || line[..*i].ends_with(char::is_whitespace))
                    .map_or(line.len(), |(i, _)| i);
                &line[..cut]
            })
            .collect::<Vec<_>>()
            .join("\n");
        let mut out = Vec::new();
        let mut rest = code.as_str();
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name.is_empty() {
                // `use crate::{a, b::c}`: the first segment of each path inside the braces.
                if let Some(inner) = after.strip_prefix('{') {
                    let mut depth = 0usize;
                    let mut seg = String::new();
                    let mut at_start = true;
                    for ch in inner.chars() {
                        match ch {
                            '{' => depth += 1,
                            '}' if depth == 0 => break,
                            '}' => depth -= 1,
                            ',' if depth == 0 => at_start = true,
                            c if at_start && (c.is_ascii_alphanumeric() || c == '_') => seg.push(c),
                            c if at_start && !seg.is_empty() && !c.is_whitespace() => {
                                out.push(std::mem::take(&mut seg));
                                at_start = false;
                            }
                            c if at_start && !seg.is_empty() && c.is_whitespace() => {
                                out.push(std::mem::take(&mut seg));
                                at_start = false;
                            }
                            _ => {}
                        }
                    }
                    if !seg.is_empty() {
                        out.push(seg);
                    }
                }
            } else {
                out.push(name);
            }
            rest = after;
        }
        out
    }

    #[test]
    fn modules_import_only_their_layer_or_below() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let mut problems = Vec::new();
        for f in files.iter().filter(|f| !f.ends_with("layers.rs")) {
            let module = module_of(f, &src);
            let Some(own) = layer_of(&module) else {
                problems.push(format!(
                    "module `{module}` is in no layer: add it to LAYERS"
                ));
                continue;
            };
            let text = std::fs::read_to_string(f).unwrap();
            for used in used_modules(&text) {
                match layer_of(&used) {
                    None => problems.push(format!(
                        "{}: `crate::{used}` is in no layer: add it to LAYERS",
                        f.display()
                    )),
                    Some(l) if l > own => problems.push(format!(
                        "{}: `{module}` (layer {own}) imports `{used}` (layer {l}), a layer above it",
                        f.display()
                    )),
                    Some(_) => {}
                }
            }
        }
        problems.sort();
        problems.dedup();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_check_sees_an_upward_import() {
        assert_eq!(
            used_modules("use crate::{io::x, transform};\nlet a = crate::risk::f(); // crate::job"),
            vec!["io", "transform", "risk"]
        );
        assert_eq!(
            used_modules(
                "use crate::{\n    detect::{Detector, Kind},\n    job,\n};\nlet u = \"https://x\"; crate::cmd::f();"
            ),
            vec!["detect", "job", "cmd"]
        );
        assert!(layer_of("io") < layer_of("job"));
    }
}
