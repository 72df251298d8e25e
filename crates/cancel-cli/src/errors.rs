//! How the CLI words and codes library errors: the library says what is missing, the CLI
//! names the flag that supplies it and the exit code of the contract.

use cancel_kit::domain::{Supply, TranslateError};
use cancel_kit::ConvertError;

use crate::exit;

/// The exit code of a failed conversion: 1 invalid input, 2 usage, 3 cannot translate.
pub(crate) fn exit_code(e: &ConvertError) -> u8 {
    match e {
        ConvertError::Translate(TranslateError::Invalid(_)) => exit::INVALID,
        ConvertError::UnknownDialect(_) | ConvertError::UnsupportedKind { .. } => exit::USAGE,
        _ => exit::CANNOT_TRANSLATE,
    }
}

/// A conversion error as the CLI says it: the library's words, with the flag that helps.
pub(crate) fn convert_message(e: &ConvertError) -> String {
    match e {
        ConvertError::Translate(e) => translate_message(e),
        ConvertError::NotInDirectory { .. } => format!("{e} (add it to the orders file)"),
        other => other.to_string(),
    }
}

/// A translation error as the CLI says it.
pub(crate) fn translate_message(e: &TranslateError) -> String {
    match e {
        TranslateError::NeedsLookup { what } => {
            format!("{what}; pass --orders FILE (an order directory) to look it up")
        }
        TranslateError::NeedsRequest { what } => {
            format!("{what}; give the request it answers (cancelkit convert --request FILE)")
        }
        TranslateError::PaymentDataWouldBeDropped { target, fields } => {
            format!("{target} has no place for {fields}; pass --allow-loss to drop it")
        }
        TranslateError::MissingRequired {
            field,
            target,
            supply,
        } => format!(
            "{target} requires `{field}` and the source has none; set it with {}",
            supply_option(supply)
        ),
        other => other.to_string(),
    }
}

/// What supplies a missing field, in terms of the CLI's flags.
fn supply_option(supply: &Supply) -> String {
    match supply {
        Supply::DefaultReason { key, needs: None } => {
            format!("--default-reason CODE or policy key {key}")
        }
        Supply::DefaultReason {
            key,
            needs: Some(needs),
        } => format!("--default-reason CODE (with {needs}) or policy key {key}"),
        Supply::OrderLine { what, line } => {
            format!("a {what} on line {line} of the orders file (--orders)")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use cancel_kit::domain::Vendor;

    use super::*;

    #[test]
    fn flags_are_named_by_the_cli_only() {
        let lookup = TranslateError::NeedsLookup {
            what: "order 7 is named by its omnitron key".into(),
        };
        assert!(!lookup.to_string().contains("--"));
        assert_eq!(
            translate_message(&lookup),
            "order 7 is named by its omnitron key; pass --orders FILE (an order directory) to look it up"
        );
        let missing = TranslateError::MissingRequired {
            field: "cancelReason".into(),
            target: Vendor::Occ,
            supply: Supply::DefaultReason {
                key: "vendor.occ.cancel_reason".into(),
                needs: None,
            },
        };
        assert!(!missing.to_string().contains("--"));
        assert_eq!(
            translate_message(&missing),
            "occ requires `cancelReason` and the source has none; set it with --default-reason CODE or policy key vendor.occ.cancel_reason"
        );
        let invalid = ConvertError::Translate(TranslateError::invalid(
            "$",
            cancel_kit::domain::ErrorKind::Syntax,
            "not JSON",
        ));
        assert_eq!(exit_code(&invalid), exit::INVALID);
        assert_eq!(
            exit_code(&ConvertError::Translate(missing)),
            exit::CANNOT_TRANSLATE
        );
    }
}
