//! Prints, as a Markdown table, the micro-credential descriptors found and the completeness per
//! guideline profile for every OB 3.0 and OB 2.0 fixture in `../shared/fixtures` and the
//! examples in `examples/credentials` (the evidence table of `docs/descriptors-table.md`).
//!
//! `cargo run -p akashi-core --example descriptors_table > docs/descriptors-table.md`
//!
//! Verification is offline except for the 1EdTech OB 2.0 assets (BadgeClasses, issuers,
//! endorsements on example.org), served from the fixture folder by an in-process client, so
//! OB 2.0 badges show their BadgeClass's descriptors as a verifier online would see them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use akashi_core::descriptors::DescriptorId;
use akashi_core::resolve::{FetchError, HttpGet, HttpResponse};
use akashi_core::{Verifier, VerifyOptions};

/// Serves `ob2/1edtech-validator/assets/<name>` for https://(www.)example.org/<name>, and each
/// OB 2.0 fixture at its own `id` (the issuer's hosted copy is the fixture itself, as in the
/// 1EdTech validator's tests, which feed the file directly).
struct Assets(PathBuf, Mutex<HashMap<String, Vec<u8>>>);

impl HttpGet for Assets {
    fn get(&self, url: &str) -> Result<HttpResponse, FetchError> {
        let hosted = self.1.lock().ok().and_then(|m| m.get(url).cloned());
        let name = ["https://example.org/", "https://www.example.org/"].iter().find_map(|p| url.strip_prefix(p));
        let body = hosted.or_else(|| name.and_then(|n| std::fs::read(self.0.join(n)).ok()));
        Ok(match body {
            Some(body) => HttpResponse {
                status: 200,
                final_url: url.to_owned(),
                content_type: Some(if url.ends_with(".png") { "image/png" } else { "application/json" }.into()),
                cache_control: None,
                body,
            },
            None => HttpResponse { status: 404, final_url: url.to_owned(), body: Vec::new(), content_type: None, cache_control: None },
        })
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() {
            // Status lists and linked documents are not badges.
            if !matches!(name, "assets" | "status" | "testlist") {
                walk(&p, out);
            }
        } else if matches!(p.extension().and_then(|x| x.to_str()), Some("json" | "jwt" | "png" | "svg" | "1ob"))
            && !name.contains("unsigned")
            && !name.starts_with("vector")
        {
            out.push(p);
        }
    }
}

/// Short column names, in `DescriptorId::ALL` order.
const SHORT: [&str; 18] =
    ["lrn", "tit", "awd", "cty", "date", "LO", "cr", "wl", "lvl", "asmt", "crit", "part", "QA", "pre", "sup", "grd", "stk", "info"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let fixtures = root.join("../shared/fixtures");
    let now = chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z")?.with_timezone(&chrono::Utc);
    let options = VerifyOptions { now: Some(now), ..Default::default() };
    let assets = Arc::new(Assets(fixtures.join("ob2/1edtech-validator/assets"), Mutex::new(HashMap::new())));

    let mut files = Vec::new();
    walk(&root.join("examples/credentials"), &mut files);
    walk(&fixtures.join("ob3"), &mut files);
    walk(&fixtures.join("ob2"), &mut files);

    println!("| file | verdict | {} | JP guideline 3.0 | EU 2022 Annex I |", SHORT.join(" | "));
    println!("|---|---|{}---|---|", "---|".repeat(SHORT.len()));
    let (mut rows, mut jp_complete, mut eu_complete) = (0, 0, 0);
    for f in &files {
        let shown = f
            .strip_prefix(&fixtures)
            .map(|p| p.display().to_string())
            .or_else(|_| f.strip_prefix(&root).map(|p| p.display().to_string()))
            .unwrap_or_else(|_| f.display().to_string());
        let Ok(bytes) = std::fs::read(f) else { continue };
        if shown.starts_with("ob2/") {
            let id = serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .and_then(|v| v.get("id").and_then(|i| i.as_str()).map(str::to_owned));
            if let (Some(id), Ok(mut m)) = (id, assets.1.lock()) {
                m.insert(id, bytes.clone());
            }
        }
        // A verifier per badge: several OB 2.0 fixtures share one hosted id, and a shared fetch
        // cache would serve the first one's copy to the others.
        let verifier = Verifier::with_http_client(options.clone(), assets.clone())?;
        let report = match verifier.verify(&bytes) {
            Ok(r) => r,
            Err(e) => {
                println!("| {shown} | not read: {e} |{}  |  |", " |".repeat(SHORT.len()));
                continue;
            }
        };
        let Some(d) = &report.credential.descriptors else {
            println!("| {shown} | {} |{} (not read as a badge) | |", report.summary.as_str(), " |".repeat(SHORT.len()));
            continue;
        };
        rows += 1;
        let marks: Vec<&str> = DescriptorId::ALL.iter().map(|id| if d.get(*id).is_some_and(|x| x.present) { "✓" } else { "" }).collect();
        let profile = |id: &str| match d.profile(id) {
            Some(p) if p.complete => "**complete**".to_owned(),
            Some(p) => format!(
                "missing {}",
                p.missing.iter().map(|m| SHORT[DescriptorId::ALL.iter().position(|x| x == m).unwrap_or(0)]).collect::<Vec<_>>().join(", ")
            ),
            None => "-".into(),
        };
        jp_complete += usize::from(d.profile("jp-mc-guideline-3.0").is_some_and(|p| p.complete));
        eu_complete += usize::from(d.profile("eu-mc-2022").is_some_and(|p| p.complete));
        println!(
            "| {shown} | {} | {} | {} | {} |",
            report.summary.as_str(),
            marks.join(" | "),
            profile("jp-mc-guideline-3.0"),
            profile("eu-mc-2022")
        );
    }
    println!();
    println!(
        "{} files; {rows} read as badges; complete for the JP guideline profile: {jp_complete}; for the EU profile: {eu_complete}.",
        files.len()
    );
    Ok(())
}
