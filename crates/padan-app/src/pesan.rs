//! The message catalogue lives in `padan_core::pesan`, where every crate
//! (store, files, generator, use cases, front ends) takes its words from.

pub use padan_core::pesan::*;
