use clap::Parser;

// Import runs a reader thread that allocates what the writer thread frees;
// glibc's allocator serialises that on an arena lock (seen in profiles).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use padan::{Cli, Lang};

fn main() {
    // No transparent huge pages for this process. Matching and importing
    // allocate hundreds of MB in short-lived vectors; with huge pages every
    // first touch zeroes 2 MB and, after another large process (a peer
    // benchmarked in the same run), waits for the kernel to compact memory:
    // the same link took 3.6 s instead of 2.9 s.
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integers and only
    // changes how this process's memory is backed.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    // Everything the register writes holds personal data: the workspace,
    // the database, documents, rejects files and exports are the owner's
    // alone (0700 folders, 0600 files), whatever the login's umask.
    #[cfg(unix)]
    // SAFETY: umask takes a plain integer and only sets this process's mask.
    unsafe {
        libc::umask(0o077);
    }
    let cli = Cli::parse();
    let lang = cli.lang;
    padan_app::padan_store::atur_pesan_tunggu(match lang {
        Lang::Id => || {
            eprintln!(
                "menunggu: ruang kerja sedang ditulis oleh proses lain (mis. impor); perintah ini menunggu sampai selesai…"
            )
        },
        Lang::En => || {
            eprintln!(
                "waiting: another process (e.g. an import) is writing the workspace; this command waits until it is done…"
            )
        },
    });
    let json = cli.json;
    let code = match padan::jalankan(cli) {
        Ok(c) => c,
        Err(e) => {
            let b = match lang {
                Lang::Id => padan_core::Bahasa::Id,
                Lang::En => padan_core::Bahasa::En,
            };
            if json {
                padan::cetakln!("{}", serde_json::json!({ "galat": e.teks(b) }));
            } else {
                eprintln!(
                    "{}: {}",
                    if b == padan_core::Bahasa::Id {
                        "galat"
                    } else {
                        "error"
                    },
                    e.teks(b)
                );
            }
            e.kode_keluar
        }
    };
    std::process::exit(code);
}
