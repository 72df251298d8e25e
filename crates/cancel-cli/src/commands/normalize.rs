//! `cancelkit normalize`.

use std::io::Write;

use cancel_kit::domain::{json::Limits, Dialect, PayloadKind};

use crate::cli::NormalizeArgs;
use crate::exit::{self, Failure};
use crate::input;

pub(crate) fn run(
    args: &NormalizeArgs,
    dialect: &dyn Dialect,
    limits: &Limits,
) -> Result<u8, Failure> {
    let kind = PayloadKind::from(args.kind);
    let files = input::expand(std::slice::from_ref(&args.path))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut code = exit::OK;
    let mut buf = Vec::new();
    for file in &files {
        let doc = input::read(file, limits.max_bytes)?;
        buf.clear();
        match dialect.normalize(kind, &doc.bytes, limits, &mut buf) {
            Ok(()) => {
                buf.push(b'\n');
                out.write_all(&buf)
                    .map_err(|e| Failure::usage(format!("cannot write output: {e}")))?;
            }
            Err(errors) => {
                code = exit::INVALID;
                for e in errors.iter() {
                    eprintln!(
                        "invalid {}: {}: {}: {}",
                        doc.name, e.path, e.kind, e.message
                    );
                }
            }
        }
    }
    Ok(code)
}
