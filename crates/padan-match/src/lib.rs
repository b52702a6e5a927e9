//! Pemadanan: matching the register against population data and itself.
//!
//! - [`normal`]: Indonesian names, addresses and places into matching keys,
//!   with its rule table;
//! - [`banding`]: each field pair into agreement levels;
//! - [`rekaman`]: a record prepared once, term frequencies, a pair's
//!   comparison vector and its pattern number;
//! - [`blok`]: blocking by several rules, each pair once, oversized blocks
//!   reported; the partition-level operators;
//! - [`model`]: Fellegi-Sunter with u from random pairs, m by EM over
//!   pattern counts per blocking rule, term-frequency adjustment, saved as
//!   versioned JSON, and the per-comparison explanation of a weight;
//! - [`mesin`]: a whole run (block, train, score) in parallel, in memory;
//! - [`partisi`]: the same run beyond memory, records partitioned on disk
//!   by blocking key and matched a partition at a time;
//! - [`klaster`]: union-find over the pairs that pass, with the chaining
//!   guard.
// Indexing here is on the engine's own structures: record numbers it
// assigned, comparison levels bounded by `JUMLAH_LEVEL`, blocks it built;
// never on a file's content directly (that arrives as `Rekaman`, fuzzed
// through `link_csv`). The hot loops would pay for `get()` on every pair.
// `unwrap` and `expect` stay forbidden.
#![allow(clippy::indexing_slicing)]

pub mod banding;
pub mod blok;
pub mod klaster;
pub mod mesin;
pub mod model;
pub mod normal;
pub mod partisi;
pub mod rekaman;
pub mod tambahan;
