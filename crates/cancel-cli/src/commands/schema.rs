//! `cancelkit schema`.

use cancel_kit::domain::{Dialect, PayloadKind};

use crate::exit::{self, Failure};

pub(crate) fn print(dialect: &dyn Dialect, kind: PayloadKind) -> Result<u8, Failure> {
    let schema = dialect.schema(kind);
    let text = serde_json::to_string_pretty(&schema).map_err(|e| Failure::usage(e.to_string()))?;
    println!("{text}");
    Ok(exit::OK)
}
