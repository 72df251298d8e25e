//! What a test suite in another project writes: validate every fixture of a directory
//! against one vendor's request model and fail with the wire path of each problem.
//!
//! Run: `cargo run --example validate_fixtures -- [DIR]` (default: the Unicommerce
//! valid request fixtures of this repository).

use cancel_kit::domain::json::Limits;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/crates/cancel-unicommerce/tests/fixtures/request/valid"
        )
        .to_owned()
    });
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.json file in {dir}").into());
    }

    let mut failures = 0;
    for file in &files {
        let bytes = std::fs::read(file)?;
        // The typed model: parse + validate, errors carry the vendor's wire paths.
        match cancel_kit::unicommerce::parse_request(&bytes, &Limits::DEFAULT) {
            Ok(request) => println!(
                "ok {} ({} item(s))",
                file.display(),
                request.order_items.len()
            ),
            Err(errors) => {
                failures += 1;
                for e in errors.iter() {
                    println!(
                        "invalid {}: {}: {}: {}",
                        file.display(),
                        e.path,
                        e.kind,
                        e.message
                    );
                }
            }
        }
    }
    if failures > 0 {
        return Err(format!("{failures} of {} fixtures are invalid", files.len()).into());
    }
    Ok(())
}
