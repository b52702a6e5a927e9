//! Reading and writing the files of the register.
//!
//! - [`baca`]: open a CSV or XLSX file, decide its real format from its bytes
//!   (not its name), decode it, and stream its rows.
//! - [`kolom`]: match headers to elements through a table of Indonesian and
//!   English aliases.
//! - [`tulis`]: write a table (rejects, exports) as CSV or XLSX.
//! - [`atomik`]: every file written whole or not at all, synced.

pub mod atomik;
pub mod baca;
pub mod galat;
pub mod kolom;
pub mod tulis;

pub use baca::{FormatBerkas, Pembaca};
pub use galat::GalatIo;
pub use kolom::Pemetaan;
pub use tulis::PenulisTabel;
