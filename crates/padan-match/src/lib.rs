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
//! **Not fit for decisions yet**: on synthetic duplicates (20,000 voters,
//! seed 9) blocking recall is 1.00, and at probability 0.5 the model has
//! recall 1.00 but precision 0.10 (tests/sintetis.rs; `DEBUG_MATCH=1` prints
//! m, u and the misclassified pairs). The known cause: the rule that blocks
//! on first name and birth date also fixes the NIK's date part, so the NIK
//! level "same date part" looks like strong evidence, and placeholder birth
//! dates make same-name same-date coincidences common.
//! Term-frequency adjustment, calibration, chaining guards, typed findings,
//! explanations, the commands and the Splink benchmark of issue 3 are still
//! to come.

pub mod banding;
pub mod blok;
pub mod klaster;
pub mod model;
pub mod normal;
pub mod rekaman;
