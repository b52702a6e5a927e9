//! How long work says how far it is. The command line turns this into a
//! progress bar or log lines; the web service, later, into progress
//! events. A use case never writes to a terminal itself.

/// Receives the progress of a use case. Every method has a default that
/// does nothing, so a caller implements only what it shows.
pub trait Kemajuan: Sync {
    /// A counted stage begins (`tahap`, e.g. "impor"); `satuan` names what
    /// [`Kemajuan::maju`] counts (e.g. "baris").
    fn mulai(&self, _tahap: &str, _satuan: &str) {}
    /// Units done so far in the counted stage.
    fn maju(&self, _posisi: u64) {}
    /// The counted stage is over.
    fn selesai(&self) {}
    /// A stage of the matching engine was reached ("blok", "skor", …).
    fn tahap(&self, _tahap: &str) {}
}

/// Progress nobody watches.
pub struct Diam;

impl Kemajuan for Diam {}
