//! `cancelkit schema`.

use std::io::Write;

use cancel_kit::domain::{Dialect, PayloadKind};

use crate::exit::{self, Failure};

pub(crate) fn print(dialect: &dyn Dialect, kind: PayloadKind) -> Result<u8, Failure> {
    let schema = dialect.schema(kind);
    let text = serde_json::to_string_pretty(&schema).map_err(|e| Failure::usage(e.to_string()))?;
    write_stdout(&text)
}

/// Writes `text` and a newline to stdout; a reader that went away (`| head`) is not an error.
pub(crate) fn write_stdout(text: &str) -> Result<u8, Failure> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::usage(format!("cannot write output: {e}")))
        }
        _ => Ok(exit::OK),
    }
}
