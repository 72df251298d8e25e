#![no_main]

#[path = "common.rs"]
mod common;

use cancel_kit::domain::{DialectId, PayloadKind};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::run(DialectId::Mozu, PayloadKind::Request, data);
});
