//! Pemadanan: matching the register against population data and itself.
//!
//! Built so far: [`normal`], the normalisation of Indonesian names,
//! addresses and places into matching keys, with its rule table; and
//! [`banding`], the comparison of each field pair into agreement levels.
//! Blocking, the Fellegi-Sunter model, clustering and typed findings of
//! issue 3 are still to come; nothing here decides anything yet.

pub mod banding;
pub mod normal;
