//! The vendor clients: with a recording transport (the exact request for every valid
//! request fixture, retries, secrets) and end to end against `cancelkit serve` in process
//! through the reqwest transport (success, refusals, unreadable answers, timeouts,
//! credentials).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code
#![allow(dead_code, unreachable_pub)] // not every test uses every helper

mod support;

mod chatbot;
mod mozu;
mod occ;
mod omnitron;
mod transport;
mod unicommerce;
