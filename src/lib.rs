//! cancel-kit: cancel an order across commerce systems.
//!
//! The facade re-exports the canonical model ([`domain`]) and, behind one cargo feature
//! each (all on by default), the five vendor dialects.

pub use cancel_domain as domain;
