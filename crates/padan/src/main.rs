use clap::Parser;

// Import runs a reader thread that allocates what the writer thread frees;
// glibc's allocator serialises that on an arena lock (seen in profiles).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use padan::{Cli, Lang};

fn main() {
    let cli = Cli::parse();
    let lang = cli.lang;
    let json = cli.json;
    let code = match padan::jalankan(cli) {
        Ok(c) => c,
        Err(e) => {
            let b = match lang {
                Lang::Id => padan_core::Bahasa::Id,
                Lang::En => padan_core::Bahasa::En,
            };
            if json {
                println!("{}", serde_json::json!({ "galat": e.teks(b) }));
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
