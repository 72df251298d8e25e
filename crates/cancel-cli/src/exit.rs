//! Exit codes of the CLI contract.

/// Everything valid / converted.
pub(crate) const OK: u8 = 0;
/// Invalid input: not JSON, or not a valid body of that vendor and kind.
pub(crate) const INVALID: u8 = 1;
/// Usage error or unreadable file.
pub(crate) const USAGE: u8 = 2;
/// Cannot translate without changing meaning or inventing data.
pub(crate) const CANNOT_TRANSLATE: u8 = 3;
/// `check`: the state rules refuse the cancel.
pub(crate) const REFUSED: u8 = 5;

/// A failure that ends the command with an exit code and a message on stderr.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) code: u8,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self {
            code: USAGE,
            message: message.into(),
        }
    }
}

impl From<crate::input::Unreadable> for Failure {
    fn from(e: crate::input::Unreadable) -> Self {
        Self::usage(e.to_string())
    }
}
