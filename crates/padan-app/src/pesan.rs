//! The message catalogue: every fixed text an operator reads, by key, in
//! Bahasa Indonesia and English, in one place. The command line and the
//! web service show the same words because they take them from here.
//!
//! A key names the text's meaning (in English, as code does); the texts
//! are the operator's. Texts that carry values (a file name, a count) are
//! built by the use case that knows the values, with both languages side
//! by side in its error; the catalogue holds the fixed parts.

pub use padan_core::Bahasa;

macro_rules! katalog {
    ($($k:ident: $id:literal, $en:literal;)*) => {
        /// A fixed text an operator reads.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Pesan { $($k,)* }

        impl Pesan {
            /// Every key, in catalogue order.
            pub const SEMUA: &[Pesan] = &[$(Pesan::$k,)*];

            /// The text in Bahasa Indonesia.
            pub fn id(self) -> &'static str {
                match self { $(Pesan::$k => $id,)* }
            }

            /// The text in English.
            pub fn en(self) -> &'static str {
                match self { $(Pesan::$k => $en,)* }
            }
        }
    };
}

impl Pesan {
    /// The text in the language in use.
    pub fn teks(self, b: Bahasa) -> &'static str {
        match b {
            Bahasa::Id => self.id(),
            Bahasa::En => self.en(),
        }
    }
}

katalog! {
    SyntheticDataForKota: "Data sintetis Kota Batu (35.79)", "Synthetic data for Kota Batu (35.79)";
    Voters: "pemilih", "voters";
    WorkspaceAndOfficeKey: "Ruang kerja dan kunci kantor", "Workspace and office key";
    Workspace: "Ruang kerja:", "Workspace:";
    DemoOfficeKeySealed: "Kunci kantor DEMO, disegel dengan sandi demo yang bukan rahasia; untuk perintah tulis berikutnya pada ruang kerja ini:", "DEMO office key, sealed under a demo passphrase that is no secret; for further write commands on this workspace:";
    Import: "Impor", "Import";
    Verification: "Verifikasi", "Verification";
    Intact: "UTUH:", "INTACT:";
    NotIntact: "TIDAK UTUH:", "NOT INTACT:";
    Events: "peristiwa", "events";
    OfficeKey: "kunci kantor", "office key";
    RecapByKecamatan: "Rekapitulasi per kecamatan", "Recap by kecamatan";
    ChronologyOfOneVoter: "Kronologi satu pemilih:", "Chronology of one voter:";
    Matching: "Pemadanan:", "Matching:";
    NoRecordsSkipped: "  (tidak ada rekaman: dilewati)", "  (no records: skipped)";
    DuplicatesWithinTheRegister: "Data ganda dalam daftar", "Duplicates within the register";
    ExampleFindingsWithTheir: "Contoh temuan dengan buktinya", "Example findings with their evidence";
    DoneIn: "Selesai dalam", "Done in";
    Seconds: "detik", "seconds";
    DemoWorkspace: "Ruang kerja demo:", "Demo workspace:";
    TryNext: "Coba juga:", "Try next:";
    From: "dari", "from";
    Effective: "berlaku", "effective";
    Read: "dibaca", "read";
    Rows: "baris", "rows";
    Accepted: "diterima", "accepted";
    Rejected: "ditolak", "rejected";
    Result: "hasil", "result";
    WarningsRowsStillAccepted: "peringatan (baris tetap diterima)", "warnings (rows still accepted)";
    RejectedFor: "ditolak karena", "rejected for";
    SampleRejectedRows: "contoh baris ditolak", "sample rejected rows";
    Row: "baris", "row";
    Note: "catatan", "note";
    UnknownColumnsIgnored: "kolom tidak dikenal, diabaikan", "unknown columns, ignored";
    RejectsFile: "berkas tolakan", "rejects file";
    MerkleRoot: "akar Merkle", "Merkle root";
    SignedWithTheOffice: "ditandatangani kunci kantor", "signed with the office key";
    Checked: "Diperiksa:", "Checked:";
    Documents: "dokumen", "documents";
    OfficeKeyFingerprint: "Sidik kunci kantor:", "Office key fingerprint:";
    HeadPublishItCheck: "Kepala (terbitkan; periksa nanti dengan --expect-head):", "Head (publish it; check later with --expect-head):";
    CheckpointLog: "Log checkpoint:", "Checkpoint log:";
    Lines: "baris", "lines";
    Missing: "tidak ada", "missing";
    IntactHashChainSigned: "UTUH: rantai hash, checkpoint bertanda tangan beserta asal-usul batch, tolakan, dokumen, run pemadanan dan tabel pemilih sesuai log.", "INTACT: hash chain, signed checkpoints with batch provenance, rejects, documents, matching runs and voter table agree with the log.";
    Problems: "masalah", "problems";
    NewChangesAreRefused: "Perubahan baru ditolak sampai operator memeriksa dan menjalankan 'padan acknowledge --reason \"…\"'.", "New changes are refused until an operator has looked and run 'padan acknowledge --reason \"…\"'.";
    Active: "aktif", "active";
    Tms: "TMS", "TMS";
    Status: "status:", "status:";
    Recorded: "dicatat", "recorded";
    Document: "dokumen", "document";
    AcknowledgedFailedVerification: "PENGAKUAN verifikasi gagal:", "ACKNOWLEDGED failed verification:";
    Registered: "DAFTAR:", "REGISTERED:";
    Warnings: "peringatan", "warnings";
    Changed: "UBAH:", "CHANGED:";
    Source: "SUMBER:", "SOURCE:";
    Reason: "alasan", "reason";
    Source2: "sumber", "source";
    RecapOfActiveVoters: "Rekapitulasi pemilih aktif", "Recap of active voters";
    Code: "kode", "code";
    DistrictVillage: "kecamatan/desa", "district/village";
    Total: "jumlah", "total";
    Total2: "JUMLAH", "TOTAL";
    SyntheticDataIn: "Data sintetis di", "Synthetic data in";
    Duplicates: "ganda", "duplicates";
    Defective: "cacat", "defective";
    GroundTruthIn: "kebenaran dasar di", "ground truth in";
    MatchingRun: "Run pemadanan", "Matching run";
    ActiveVoters: "pemilih aktif", "active voters";
    RecordsOf: "rekaman", "records of";
    PairsCompared: "pasangan dibandingkan", "pairs compared";
    S: "detik", "s";
    NoFindings: "  tidak ada temuan\n", "  no findings\n";
    ToBeReviewedBy: "perlu ditinjau manusia (rantai atau klaster besar)", "to be reviewed by a person (chained or large clusters)";
    See: "Lihat", "See";
    BlockTooLargeNot: "BLOK TERLALU BESAR, tidak dibandingkan:", "BLOCK TOO LARGE, not compared:";
    Records: "rekaman", "records";
    PairsLeftOut: "pasangan tertunda", "pairs left out";
    And: "dan", "and";
    MoreOversizedBlocks: "blok besar lain", "more oversized blocks";
    PairsLeftOutIn: "pasangan tertunda seluruhnya", "pairs left out in all";
    TheListInJson: "daftar lengkap di --json", "the list in --json";
    Linked: "Padankan", "Linked";
    Deduplicated: "Cari ganda dalam", "Deduplicated";
    PairsCompared2: "Pasangan dibandingkan", "Pairs compared";
    Probability: "peluang", "probability";
    PairsWrittenOnlyThose: "Pasangan ditulis: hanya yang berpeluang ≥", "Pairs written: only those with probability ≥";
    NoPairMatchesThe: "Tidak ada pasangan yang padan: kedua berkas tidak berbagi orang (atau kolomnya tidak cocok; periksa --map).\n", "No pair matches: the files share no one (or their columns do not correspond; check --map).\n";
    BlockingRule: "aturan blok", "blocking rule";
    NewPairs: "pasangan baru", "new pairs";
    RowsWithMoreOr: "Baris dengan jumlah kolom berbeda dari judul (kolom yang kurang dianggap kosong; periksa pemisah dan tanda kutip)", "Rows with more or fewer fields than the header (missing fields taken as empty; check delimiters and quotes)";
    UnreadableBirthDatesTaken: "Tanggal lahir tak terbaca (dianggap kosong)", "Unreadable birth dates (taken as missing)";
    PairsWrittenTo: "Pasangan ditulis ke", "Pairs written to";
    ClustersSamePerson: "Klaster (orang yang sama)", "Clusters (same person)";
    ToReviewChainedOr: "perlu ditinjau: rantai atau terlalu besar", "to review: chained or too large";
    ModelSaved: "Model disimpan", "Model saved";
    PartitionsOnDisk: "Partisi di disk", "Partitions on disk";
    PerBlockingRule: "per aturan blok", "per blocking rule";
    WrittenRemovedSince: "ditulis (sudah dihapus)", "written (removed since)";
    LargestPartition: "partisi terbesar", "largest partition";
    FindingsOfRun: "Temuan run", "Findings of run";
    Shown: "ditampilkan", "shown";
    Comparison: "perbandingan", "comparison";
    Weight: "bobot", "weight";
    Prior: "(awal)", "(prior)";
    UValueFrequency: "  (u = frekuensi nilai)", "  (u = value frequency)";
    MissingNotCounted: "  (kosong: tidak dihitung)", "  (missing: not counted)";
    NotActive: " (TIDAK AKTIF)", " (NOT ACTIVE)";
    Finding: "Temuan", "Finding";
    Members: "Anggota", "Members";
    ToReview: "PERLU DITINJAU", "TO REVIEW";
    Pair: "Pasangan", "Pair";
    Voter: "Pemilih", "Voter";
    SourceRecord: "Rekaman sumber", "Source record";
    Event: "peristiwa", "event";
    Register: "daftar", "register";
    Population: "penduduk", "population";
    EvidenceWeightPerComparison: "Bukti (bobot per perbandingan, log2 m/u)", "Evidence (weight per comparison, log2 m/u)";
    StrongestCandidateBelowThe: "Calon terkuat di bawah ambang", "Strongest candidate below the threshold";
    SourceEvent: "peristiwa sumber", "source event";
    Run: "Run", "Run";
    Started: "dimulai", "started";
    Padan: "padan", "padan";
    Threshold: "ambang", "threshold";
    RegisterFingerprint: "sidik register", "register fingerprint";
    SourceDocument: "Dokumen sumber", "Source document";
    WorkspaceCreated: "Ruang kerja dibuat:", "Workspace created:";
    Office: "kantor", "office";
    OfficeSigningKeyFingerprint: "Kunci tanda tangan kantor: sidik", "Office signing key: fingerprint";
    SecretKeySealedUnder: "kunci rahasia tersegel dengan sandi (Argon2id + XChaCha20-Poly1305), hanya dapat dibaca pemiliknya; terbitkan sidik ini", "secret key sealed under the passphrase (Argon2id + XChaCha20-Poly1305), readable by its owner only; publish this fingerprint";
    Exported: "diekspor", "exported";
    AsOf: "berlaku per", "as of";
    AsRecordedBy: "sebagaimana tercatat sampai", "as recorded by";
    Difference: "Perbedaan", "Difference";
    Added: "ditambah", "added";
    Removed: "dihapus", "removed";
    Changed2: "diubah", "changed";
    MoreRowsUseOut: "baris lagi (pakai --out atau --json)", "more rows (use --out or --json)";
    VoterTableRebuiltFrom: "Tabel pemilih dibangun ulang dari log:", "Voter table rebuilt from the log:";
    FingerprintBefore: "sidik sebelum", "fingerprint before";
    After: "sesudah", "after";
    Identical: "SAMA", "IDENTICAL";
    DifferentTheOldTable: "BERBEDA: tabel lama tidak sesuai log", "DIFFERENT: the old table did not match the log";
    Event2: "Peristiwa", "Event";
    RecordedFor: "dicatat untuk", "recorded for";
    AcknowledgementRecordedAsEvent: "Pengakuan dicatat sebagai peristiwa", "Acknowledgement recorded as event";
    ThereIsNoFailed: "Tidak ada verifikasi gagal yang perlu diakui.", "There is no failed verification to acknowledge.";
    RegionCodesLoadedFrom: "kode wilayah dimuat dari", "region codes loaded from";
    Warning: "peringatan", "warning";
    IsAlsoRegisteredAs: "juga terdaftar sebagai", "is also registered as";
    Import2: "impor", "import";
    NewVoters: "pemilih baru", "new voters";
    RecordsChanged: "data diubah", "records changed";
    SourceRecordsForMatching: "rekaman sumber untuk pemadanan", "source records for matching";
    Unchanged: "tanpa perubahan", "unchanged";
    RegisterPopulationData: "daftar × data kependudukan", "register × population data";
    RegisterDeathRecords: "daftar × data kematian", "register × death records";
    RegisterTniPolriList: "daftar × daftar TNI/Polri", "register × TNI/Polri list";
    ArtiPadan: "padan dengan data kependudukan, elemen sama", "matched to the population data, elements equal";
    ArtiPerbaikan: "padan, elemen berbeda: perlu perbaikan data", "matched, elements differ: data to correct";
    ArtiPindah: "padan dengan penduduk di desa/kelurahan lain", "matched to a resident of another desa/kelurahan";
    ArtiMeninggal: "padan dengan data kematian", "matched to a death record";
    ArtiTniPolri: "padan dengan daftar anggota TNI/Polri", "matched to the TNI/Polri list";
    ArtiBawahUmur: "menurut data kependudukan belum 17 tahun dan belum kawin", "under 17 and never married per the population data";
    ArtiBelumTerdaftar: "penduduk memenuhi syarat, belum ada di daftar", "eligible resident not on the register";
    ArtiTidakPadan: "di daftar, tidak ditemukan di data kependudukan", "on the register, not found in the population data";
    ArtiGanda: "terdaftar lebih dari sekali (data ganda)", "listed more than once (duplicate)";
}

#[cfg(test)]
mod tests {
    use super::Pesan;

    #[test]
    fn every_text_has_both_languages() {
        for p in Pesan::SEMUA {
            assert!(!p.id().trim().is_empty(), "{p:?} has no Indonesian text");
            assert!(!p.en().trim().is_empty(), "{p:?} has no English text");
        }
    }
}
