//! The message catalogue: every fixed text an operator reads, by key, in
//! Bahasa Indonesia and English, in one place. The command line and the
//! web service show the same words because they take them from here.
//!
//! A key names the text's meaning (in English, as code does); the texts
//! are the operator's. [`Pesan`] holds fixed texts; [`Templat`] holds texts
//! with values (`{0}`, `{1}`, … filled by [`Templat::isi`]), which the
//! errors of the store, the file reader and the generator are worded with:
//! an error carries its values, the catalogue its words.

pub use crate::aturan::Bahasa;

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
    PeriodRecapAndDossier: "Rekap periode dan dosir satu pemilih yang diperiksa pihak luar", "The period's recap, and one voter's dossier checked by an outsider";
    FollowUpTwoOperators: "Tindak lanjut: keputusan oleh dua orang dan penutupan periode", "Follow-up: decisions by two people and the period close";
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
    ColumnsOf: "Kolom", "Columns of";
    ColumnsIgnored: "diabaikan", "ignored";
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
    ArtiSudahTms: "penduduk yang sudah TMS di daftar (bukan pemilih baru)", "resident already TMS on the register (not a new voter)";
    ArtiTidakPadan: "di daftar, tidak ditemukan di data kependudukan", "on the register, not found in the population data";
    ArtiGanda: "terdaftar lebih dari sekali (data ganda)", "listed more than once (duplicate)";
}

macro_rules! templat {
    ($($k:ident: $id:literal, $en:literal;)*) => {
        /// A text with values `{0}`, `{1}`, … in both languages.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Templat { $($k,)* }

        impl Templat {
            pub const SEMUA: &[Templat] = &[$(Templat::$k,)*];

            pub fn id(self) -> &'static str {
                match self { $(Templat::$k => $id,)* }
            }

            pub fn en(self) -> &'static str {
                match self { $(Templat::$k => $en,)* }
            }
        }
    };
}

impl Templat {
    /// The text in `b` with `{N}` replaced by the N-th value.
    pub fn isi(self, b: Bahasa, nilai: &[&dyn std::fmt::Display]) -> String {
        let t = match b {
            Bahasa::Id => self.id(),
            Bahasa::En => self.en(),
        };
        let mut out = String::with_capacity(t.len() + 32);
        let mut sisa = t;
        while let Some(i) = sisa.find('{') {
            out.push_str(sisa.get(..i).unwrap_or(""));
            let ekor = sisa.get(i + 1..).unwrap_or("");
            match ekor
                .find('}')
                .and_then(|j| Some((j, ekor.get(..j)?.parse::<usize>().ok()?)))
            {
                Some((j, n)) => {
                    if let Some(v) = nilai.get(n) {
                        out.push_str(&v.to_string());
                    }
                    sisa = ekor.get(j + 1..).unwrap_or("");
                }
                None => {
                    out.push('{');
                    sisa = ekor;
                }
            }
        }
        out.push_str(sisa);
        out
    }
}

templat! {
    // padan-store
    StoreBasisdata: "basis data: {0}", "database: {0}";
    StoreIo: "{0}: {1}", "{0}: {1}";
    StoreBelumInit: "ruang kerja {0} belum dibuat; jalankan 'padan init' dulu", "workspace {0} does not exist yet; run 'padan init' first";
    StoreSudahAda: "ruang kerja {0} sudah ada; pakai direktori lain", "workspace {0} already exists; use another directory";
    StoreKunci: "kunci kantor: {0}", "office key: {0}";
    StoreRusak: "data tersimpan rusak: {0}", "stored data is corrupt: {0}";
    StoreData: "data peristiwa #{0} tidak terbaca: {1}", "data of event #{0} unreadable: {1}";
    StoreVersiLama: "ruang kerja ini dibuat oleh Padan versi lama (skema {0}), yang rantainya belum menandatangani metadata batch; buat ruang kerja baru dengan 'padan init' lalu impor ulang dokumennya (tersimpan di folder dokumen/ ruang kerja itu)", "this workspace was made by an older Padan (schema {0}), whose chain does not sign batch metadata; create a new workspace with 'padan init' and import its documents again (they are kept in its dokumen/ folder)";
    StoreVersiBaru: "versi skema basis data {0} tidak dikenal oleh program ini (versi {1})", "database schema version {0} is unknown to this program (version {1})";
    StoreSandiDiperlukan: "sandi kunci kantor diperlukan: setel PADAN_PASSPHRASE, atau jalankan perintah ini di terminal agar sandi ditanyakan", "the office key's passphrase is needed: set PADAN_PASSPHRASE, or run this command on a terminal to be asked for it";
    StoreSandiSalah: "sandi kunci kantor salah (kunci {0} tidak dapat dibuka)", "wrong passphrase for the office key (key {0} cannot be opened)";
    StoreKunciRusak: "{0} bukan kunci kantor tersegel (format padan-kunci/v1); ruang kerja dari versi lama menyimpan kunci tanpa sandi: buat ruang kerja baru dengan 'padan init'", "{0} is not a sealed office key (format padan-kunci/v1); workspaces of older versions kept the key without a passphrase: create a new workspace with 'padan init'";
    StoreKunciLain: "kunci {0} bukan kunci kantor ruang kerja ini (kunci publiknya lain)", "key {0} is not this workspace's office key (its public key differs)";
    StoreSudahDiimpor: "berkas ini (sha256 {0}…) sudah diimpor sebagai batch {1} ({2}) pada {3}; pakai --force bila memang ingin mengimpornya lagi", "this file (sha256 {0}…) was already imported as batch {1} ({2}) at {3}; use --force to import it again";
    StoreGagalVerifikasi: "ruang kerja gagal verifikasi ({0}); perubahan baru ditolak sampai operator mengakuinya: periksa 'padan verify', lalu 'padan acknowledge --reason \"…\"'", "the workspace failed verification ({0}); new changes are refused until an operator acknowledges it: look at 'padan verify', then 'padan acknowledge --reason \"…\"'";
    StoreNikTerdaftar: "NIK {0} sudah terdaftar sebagai {1}; pakai 'padan edit' untuk perbaikan, atau --allow-duplicate-nik bila NIK itu memang dipakai dua orang", "NIK {0} is already registered as {1}; use 'padan edit' for a correction, or --allow-duplicate-nik if two people really hold that NIK";
    StoreSibuk: "basis data sedang dipakai penulis lain terlalu lama; coba lagi setelah impor yang berjalan selesai", "the database was held by another writer for too long; try again once the running import has finished";
    StoreKantorAda: "kantor {0} sudah punya register di basis data PostgreSQL ini (skema {1}); buka ruang kerjanya, atau pakai basis data lain", "office {0} already has a register in this PostgreSQL database (schema {1}); open its workspace, or use another database";
    StoreTanpaPostgres: "program ini dibangun tanpa dukungan PostgreSQL (fitur 'postgres'); pakai SQLite bawaan atau bangun ulang dengan --features postgres", "this program was built without PostgreSQL support (feature 'postgres'); use the embedded SQLite or rebuild with --features postgres";
    StoreBukanPostgres: "register ruang kerja {0} disimpan di SQLite (padan.sqlite), bukan di PostgreSQL; jalankan tanpa --database postgres://…", "the register of workspace {0} is kept in SQLite (padan.sqlite), not PostgreSQL; run without --database postgres://…";
    StoreMigrasiBeda: "migrasi {0} di basis data PostgreSQL tidak sama dengan migrasi {0} program ini (sha256 {1}, seharusnya {2}); skema diubah di luar program", "migration {0} in the PostgreSQL database differs from this program's migration {0} (sha256 {1}, expected {2}); the schema was changed outside the program";
    StoreSebelumDaftar: "perubahan untuk {0} berlaku {1}, sebelum pemilih itu terdaftar (berlaku {2}); pakai tanggal berlaku sejak {2}", "the change to {0} takes effect {1}, before that voter was registered (effective {2}); use a date from {2}";
    // padan-io
    IoBuka: "berkas {0} tidak dapat dibuka: {1}", "cannot open {0}: {1}";
    IoTidakAda: "berkas {0} tidak ada", "{0} does not exist";
    IoKosong: "berkas {0} kosong (0 bait); tidak ada yang diimpor", "{0} is empty (0 bytes); nothing imported";
    IoFormatTidakCocok: "berkas {0} berekstensi .{1} tetapi isinya {2}; simpan ulang dalam format yang benar atau ganti ekstensinya", "{0} has extension .{1} but contains {2}; save it in the right format or rename it";
    IoFormatTidakDidukung: "berkas {0} adalah {1}, bukan CSV atau XLSX", "{0} is {1}, not CSV or XLSX";
    IoTanpaJudul: "berkas {0} tidak punya baris judul kolom", "{0} has no header row";
    IoJudulGanda: "kolom '{0}' muncul dua kali di judul (kolom ke-{1} dan ke-{2}); hapus salah satunya", "column '{0}' appears twice in the header (columns {1} and {2}); remove one";
    IoKolomHilang: "kolom wajib tidak ada: {0}; judul yang terbaca: {1}{2}", "required columns missing: {0}; header read: {1}{2}";
    IoSaranBukanJudul: " (baris pertama tampaknya berisi data, bukan judul kolom; tambahkan baris judul: NIK, NAMA, …)", " (the first row looks like data, not a header; add a header row: NIK, NAMA, …)";
    IoSaranPemisah: " (hanya satu kolom terbaca: pemisah kolom tidak dikenali; pakai koma, titik koma, tab atau |)", " (only one column read: the delimiter was not recognised; use comma, semicolon, tab or |)";
    IoLembarTidakAda: "lembar '{0}' tidak ada; lembar yang ada: {1}", "sheet '{0}' not found; sheets: {1}";
    IoSelGabungan: "lembar '{0}' berisi sel gabungan (merged) di {1}; pisahkan sel gabungan lalu isi setiap baris, agar tidak ada nilai yang hilang", "sheet '{0}' has merged cells at {1}; unmerge them and fill every row";
    IoXlsx: "berkas XLSX {0} tidak terbaca: {1}", "XLSX file {0} unreadable: {1}";
    IoCsv: "baris {0}: CSV tidak terbaca: {1}", "line {0}: unreadable CSV: {1}";
    IoTulis: "gagal menulis {0}: {1}", "cannot write {0}: {1}";
    IoBukanBerkas: "{0} adalah {1}, bukan berkas biasa; berikan berkas aslinya", "{0} is {1}, not a regular file; give the file itself";
    IoBatasKolom: "judul berisi {0} kolom, melebihi batas {1} kolom", "the header has {0} columns, over the limit of {1}";
    IoBatasBaris: "baris {0}: satu baris CSV melebihi batas {1} MiB; periksa tanda kutip yang tidak ditutup", "line {0}: one CSV record is over the limit of {1} MiB; look for an unclosed quote";
    IoBatasXlsx: "berkas XLSX: bagian '{0}' melebihi batas {1} {2}; berkas ini ditolak agar memori tetap terbatas", "XLSX file: part '{0}' is over the limit of {1} {2}; refused so that memory stays bounded";
    // padan-app: the columns a link used
    LinkMiripId: "  saran: kolom {0} tampak seperti nomor identitas tetapi tidak dipakai; bila isinya NIK, petakan: --map {0}=nik; bila nomor lain, bandingkan: --compare {0}=id", "  hint: column {0} looks like an identifier but is not used; if it holds NIKs, map it: --map {0}=nik; if another number, compare it: --compare {0}=id";
    LinkNamaWilayah: "  nama wilayah ({0}): {1} dari {2} baris terurai ke kode desa, {3} cocok dengan beberapa desa, {4} tidak dikenal", "  region names ({0}): {1} of {2} rows resolved to a desa code, {3} fit several desa, {4} unknown";
    LinkNamaWilayahSedikit: "  peringatan: kolom {0}: kurang dari 1 % nama wilayah terurai ke kode; nama wilayah dibandingkan sebagai teks", "  warning: column {0}: fewer than 1 % of region names resolved to a code; region names are compared as text";
    // padan-synth
    SynthWilayahTidakAda: "wilayah '{0}' tidak ada di daftar wilayah", "region '{0}' is not in the region list";
    SynthTanpaDesa: "wilayah {0} tidak punya desa/kelurahan di daftar yang dimuat; muat daftar lengkap dengan --wilayah (berkas wilayah.tsv resmi)", "region {0} has no desa/kelurahan in the loaded list; load the full list with --wilayah (the official wilayah.tsv)";
    SynthTanpaPenduduk: "jumlah penduduk wilayah {0} tidak diketahui; sebutkan --voters", "the population of region {0} is unknown; give --voters";
    SynthIo: "{0}: {1}", "{0}: {1}";
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

    #[test]
    fn templates_fill_their_values_in_both_languages() {
        use super::{Bahasa, Templat};
        for t in Templat::SEMUA {
            // Both languages name the same values.
            let n = |s: &str| s.matches('{').count();
            assert_eq!(n(t.id()), n(t.en()), "{t:?}");
        }
        let s =
            Templat::StoreSebelumDaftar.isi(Bahasa::En, &[&"PM-1", &"2025-12-31", &"2026-01-01"]);
        assert_eq!(
            s,
            "the change to PM-1 takes effect 2025-12-31, before that voter was registered (effective 2026-01-01); use a date from 2026-01-01"
        );
        assert_eq!(
            Templat::IoTidakAda.isi(Bahasa::Id, &[&"a.csv"]),
            "berkas a.csv tidak ada"
        );
    }
}
