//! Padan's use cases: every operation an operator, an auditor or (later)
//! the web service can ask for, behind one door.
//!
//! Each use case takes typed input and returns a typed, serialisable
//! result. Nothing here prints, exits the process, or knows the command
//! line: the `padan` binary parses arguments, calls a use case and renders
//! its result as text or JSON; the web service will render the same
//! results as pages. Long work reports progress through [`Kemajuan`].
//!
//! Where things live:
//! - [`ruang`]: opening a workspace (key, passphrase, checkpoint log);
//! - [`impor`]: a file becomes one atomic batch (every import kind, coklit
//!   included);
//! - [`manual`]: add, edit and TMS by hand, one batch each;
//! - [`register`]: init, region list, verify, acknowledge, rebuild, rules,
//!   synthetic data;
//! - [`cadangan`]: backup of a workspace into one file, and its restore;
//! - [`baca`]: reading the register: history, export, diff, rekap;
//! - [`pemadanan`]: match and dedupe runs and the classification of their
//!   findings;
//! - [`temuan`]: findings queries and explanations (the waterfall);
//! - [`tautan`]: the engine on files without a workspace (`link`), and the
//!   file-to-records reader;
//! - [`izin`]: operators, roles and regions: who may do what;
//! - [`masuk`]: operators' passwords and sign-in;
//! - [`lingkup`]: what a signed-in operator may read, cut to their regions;
//! - [`tindak`]: the follow-up: review queue, decisions, approvals, undo;
//! - [`cek`]: the public lookup (cek DPT): what a NIK and a second factor
//!   are answered;
//! - [`tanggapan`]: public reports, cases in the same queue;
//! - [`periode`]: closing a period and its Berita Acara;
//! - [`demo`]: all of the above on synthetic data, step by step.

pub mod akurasi;
pub mod baca;
pub mod bukti;
pub mod cadangan;
pub mod cek;
pub mod demo;
pub mod dosir;
pub mod galat;
pub mod impor;
pub mod izin;
pub mod kemajuan;
pub mod lingkup;
pub mod manual;
pub mod masuk;
pub mod pemadanan;
pub mod periode;
pub mod pesan;
#[cfg(feature = "postgres")]
pub mod provinsi;
pub mod register;
pub mod rekapitulasi;
pub mod ruang;
pub mod tanggal;
pub mod tanggapan;
pub mod tautan;
pub mod teks;
pub mod temuan;
pub mod tindak;
pub mod tinjau;

/// The crates whose types appear in the use cases' inputs and results,
/// for a caller that renders them (the command line depends on this crate
/// and the core only).
pub use {padan_match, padan_report, padan_store, padan_synth};

pub use galat::Galat;
pub use kemajuan::{Diam, Kemajuan};
pub use ruang::Ruang;
