//! One module per subcommand.

pub(crate) mod check;
pub(crate) mod convert;
pub(crate) mod normalize;
pub(crate) mod schema;
pub(crate) mod serve;
pub(crate) mod store;
pub(crate) mod validate;

use cancel_kit::domain::{json::Limits, Dialect, DialectId, PayloadKind, Registry};

use crate::exit::Failure;

/// The dialect named on the command line, checked to have the payload kind.
pub(crate) fn dialect(
    registry: &Registry,
    id: DialectId,
    kind: Option<PayloadKind>,
) -> Result<&dyn Dialect, Failure> {
    let dialect = registry.get(id).ok_or_else(|| {
        Failure::usage(format!(
            "dialect `{id}` is not compiled into this build (enable its cargo feature)"
        ))
    })?;
    if let Some(kind) = kind {
        if !dialect.kinds().contains(&kind) {
            let kinds: Vec<String> = dialect.kinds().iter().map(ToString::to_string).collect();
            return Err(Failure::usage(format!(
                "{id} has no `{kind}` payload; its kinds are: {}",
                kinds.join(", ")
            )));
        }
    }
    Ok(dialect)
}

/// Limits from the global flags.
pub(crate) fn limits(args: &crate::cli::LimitArgs) -> Limits {
    Limits {
        max_bytes: args.max_bytes,
        max_depth: args.max_depth,
    }
}
