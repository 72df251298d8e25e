//! The command-line surface (the CLI contract in the repository's README).

use std::path::PathBuf;

use cancel_kit::domain::{DialectId, PayloadKind, ReasonCode};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Validate, normalize, convert and check order-cancel payloads of five commerce vendors.
///
/// Dialects (V): chatbot, mozu, unicommerce, occ, omnitron, or core (the canonical JSON).
/// PATH may be a file, a directory (every *.json below it; none is a usage error) or `-`
/// for stdin.
///
/// Exit codes: 0 ok; 1 invalid input; 2 usage error or unreadable file; 3 cannot translate
/// without changing meaning or inventing data; 5 `check`: the state rules refuse the cancel.
#[derive(Debug, Parser)]
#[command(name = "cancelkit", version, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,

    #[command(flatten)]
    pub(crate) limits: LimitArgs,
}

/// Document limits shared by every command.
#[derive(Debug, Args)]
pub(crate) struct LimitArgs {
    /// Largest accepted document (or NDJSON line), in bytes.
    #[arg(long, global = true, default_value_t = cancel_kit::domain::json::Limits::DEFAULT.max_bytes)]
    pub(crate) max_bytes: usize,

    /// Deepest accepted nesting of arrays and objects.
    #[arg(long, global = true, default_value_t = cancel_kit::domain::json::Limits::DEFAULT.max_depth)]
    pub(crate) max_depth: usize,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check that payloads are valid bodies of a dialect.
    ///
    /// Prints `ok <file>` or `invalid <file>: <wire.path>: <kind>: <message>` (one line per
    /// error). Example: `cancelkit validate --vendor unicommerce --kind request fixtures/`
    Validate(ValidateArgs),

    /// Parse a payload and print it back as compact JSON (unknown fields kept).
    ///
    /// Example: `cancelkit normalize --vendor occ --kind response order.json | jq -S .`
    Normalize(NormalizeArgs),

    /// Convert a payload from one dialect to another, reporting what did not travel.
    ///
    /// The converted body goes to stdout, the report to stderr (or `--report FILE|-` as JSON).
    /// Example: `cancelkit convert --from chatbot --to mozu --default-reason changed_mind req.json`
    Convert(ConvertArgs),

    /// Run a vendor request through the state rules against an orders file.
    ///
    /// Prints the vendor-native answer; exit 0 when accepted (fully or partly), 5 when refused.
    /// Example: `cancelkit check --vendor occ --orders examples/data/orders.json req.json`
    Check(CheckArgs),

    /// Print the JSON Schema (draft 2020-12) of a dialect's payload.
    ///
    /// Example: `cancelkit schema --vendor omnitron --kind request`
    Schema(SchemaArgs),

    /// Serve every vendor's cancel endpoint on HTTP, answering as the vendor would.
    ///
    /// A local stand-in for test suites: real paths, headers, bodies, refusals and status
    /// codes, backed by the state rules on the orders file. `--addr 127.0.0.1:0` picks a
    /// free port and prints `listening on http://HOST:PORT`. Inspect with
    /// `GET /_cancelkit/orders/{id}`, start over with `POST /_cancelkit/reset`, describe with
    /// `GET /_cancelkit/openapi.json`. Stops on SIGINT or SIGTERM.
    /// Example: `cancelkit serve --orders examples/data/orders.json --addr 127.0.0.1:0`
    ///
    /// With `--store sqlite:PATH` or `--store postgres://...` the orders and idempotency
    /// keys live in that database: they survive restarts, and several `serve` processes on
    /// one PostgreSQL share them. A plain reset is then refused (409);
    /// `POST /_cancelkit/reset?reimport=true` replaces every order with the `--orders` file.
    Serve(crate::commands::serve::ServeArgs),

    /// Move orders into or out of a persistent store, as orders files (the JSON `--orders`
    /// reads).
    ///
    /// Example: `cancelkit store import --store sqlite:orders.db examples/data/orders.json`,
    /// `cancelkit store export --store postgres://postgres@127.0.0.1:5432/cancelkit`
    Store(crate::commands::store::StoreArgs),
}

/// The dialect argument, as `clap` parses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DialectArg {
    Core,
    Chatbot,
    Mozu,
    Unicommerce,
    Occ,
    Omnitron,
}

impl From<DialectArg> for DialectId {
    fn from(d: DialectArg) -> Self {
        match d {
            DialectArg::Core => Self::Core,
            DialectArg::Chatbot => Self::Chatbot,
            DialectArg::Mozu => Self::Mozu,
            DialectArg::Unicommerce => Self::Unicommerce,
            DialectArg::Occ => Self::Occ,
            DialectArg::Omnitron => Self::Omnitron,
        }
    }
}

/// The payload kind argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum KindArg {
    Request,
    Response,
    Error,
}

impl From<KindArg> for PayloadKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Request => Self::Request,
            KindArg::Response => Self::Response,
            KindArg::Error => Self::Error,
        }
    }
}

/// Output format of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// The dialect.
    #[arg(long, value_enum)]
    pub(crate) vendor: DialectArg,
    /// The payload kind.
    #[arg(long, value_enum)]
    pub(crate) kind: KindArg,
    /// Also refuse unknown fields, unknown enum values and documented vendor quirks.
    #[arg(long)]
    pub(crate) strict: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: Format,
    /// Files, directories (every *.json below) or `-`.
    #[arg(required = true)]
    pub(crate) paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct NormalizeArgs {
    /// The dialect.
    #[arg(long, value_enum)]
    pub(crate) vendor: DialectArg,
    /// The payload kind.
    #[arg(long, value_enum)]
    pub(crate) kind: KindArg,
    /// A file, a directory (one output line per file) or `-`.
    pub(crate) path: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct ConvertArgs {
    /// Source dialect.
    #[arg(long, value_enum)]
    pub(crate) from: DialectArg,
    /// Target dialect.
    #[arg(long, value_enum)]
    pub(crate) to: DialectArg,
    /// Payload kind (`error` converts refusal bodies).
    #[arg(long, value_enum, default_value = "request")]
    pub(crate) kind: KindArg,
    /// Policy file (TOML; see examples/data/policy.toml).
    #[arg(long)]
    pub(crate) policy: Option<PathBuf>,
    /// Orders file (JSON of core orders) used for lookups.
    #[arg(long)]
    pub(crate) orders: Option<PathBuf>,
    /// Reason used when the target requires one and the source has none.
    #[arg(long, value_parser = parse_reason)]
    pub(crate) default_reason: Option<ReasonCode>,
    /// Allow dropping refund and payment data the target cannot carry.
    #[arg(long)]
    pub(crate) allow_loss: bool,
    /// Treat each input line as one document. The report is summed up on stderr at the end
    /// (each distinct entry, its line count and first lines); `--report FILE` has every
    /// line's entries.
    #[arg(long)]
    pub(crate) ndjson: bool,
    /// With `--ndjson`: documents converted at once, on this many threads (default: the
    /// number of CPUs, at most 8). Output order and line numbers do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub(crate) threads: Option<u16>,
    /// Write the translation report as JSON to FILE (`-`: stdout after the body).
    ///
    /// With `--ndjson`: one line `{"line":N,"entries":[...]}` per input line that has
    /// entries (with `-`: after every body), and stderr gets only the summary (each
    /// distinct entry, item numbers in its paths read `*`, with the number of lines it
    /// applied to and the first ones), as it does without `--report`.
    #[arg(long)]
    pub(crate) report: Option<PathBuf>,
    /// For `--kind response|error`: the request the answer answers, in the `--from`
    /// dialect (a Unicommerce answer names neither its order nor its requested items).
    #[arg(long)]
    pub(crate) request: Option<PathBuf>,
    /// Benchmark baseline (hidden; see BENCHMARKS.md): read each document into an untyped
    /// `serde_json::Value` and write it back compact, with the same reading and writing as a
    /// conversion but no translation.
    #[arg(long, hide = true)]
    pub(crate) passthrough: bool,
    /// A file or `-`.
    pub(crate) path: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The dialect of the request.
    #[arg(long, value_enum)]
    pub(crate) vendor: DialectArg,
    /// Orders file (JSON of core orders).
    #[arg(long)]
    pub(crate) orders: PathBuf,
    /// Policy file (TOML).
    #[arg(long)]
    pub(crate) policy: Option<PathBuf>,
    /// A file or `-`.
    pub(crate) path: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// The dialect.
    #[arg(long, value_enum, required_unless_present = "openapi")]
    pub(crate) vendor: Option<DialectArg>,
    /// The payload kind.
    #[arg(long, value_enum, required_unless_present = "openapi")]
    pub(crate) kind: Option<KindArg>,
    /// Print the OpenAPI 3.1 document of `cancelkit serve` instead.
    #[arg(long, conflicts_with_all = ["vendor", "kind"])]
    pub(crate) openapi: bool,
}

fn parse_reason(s: &str) -> Result<ReasonCode, String> {
    s.parse().map_err(|_| {
        let names = <ReasonCode as strum::VariantNames>::VARIANTS.join(", ");
        format!("unknown reason code `{s}`; expected one of: {names}")
    })
}
