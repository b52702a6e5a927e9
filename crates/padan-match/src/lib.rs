//! Pemadanan: matching the register against population data and itself.
//!
//! Built so far, and tested piece by piece:
//! - [`normal`]: Indonesian names, addresses and places into matching keys,
//!   with its rule table;
//! - [`banding`]: each field pair into agreement levels;
//! - [`rekaman`]: a record prepared once, a pair's comparison vector and its
//!   pattern number;
//! - [`blok`]: blocking by several rules, each pair once, oversized blocks
//!   reported;
//! - [`model`]: Fellegi-Sunter with u from random pairs and m by EM over
//!   pattern counts per blocking rule;
//! - [`klaster`]: union-find over the pairs that pass.
//!
//! **Not fit for decisions yet**: on synthetic duplicates the model reaches
//! precision 0.53 and recall 0.43 at probability 0.5 (tests/sintetis.rs).
//! Term-frequency adjustment, calibration, chaining guards, typed findings,
//! explanations, the commands and the Splink benchmark of issue 3 are still
//! to come.

pub mod banding;
pub mod blok;
pub mod klaster;
pub mod model;
pub mod normal;
pub mod rekaman;
