//! Standard output that a closed pipe cannot turn into a crash.
//!
//! `padan history … | head` closes stdout early. Rust's `println!` panics
//! then (exit 101, a stack trace), even after an import was committed.
//! Here a broken pipe ends the command quietly: with status 0 when the
//! command has already committed its change (a committed change is never
//! reported as a failure), else with 141, the status a shell gives a
//! command ended by SIGPIPE.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static DIUBAH: AtomicBool = AtomicBool::new(false);
static JSON: AtomicBool = AtomicBool::new(false);

/// This process was asked for `--json`: stage and progress lines on stderr
/// follow it (JSON lines for programs, plain text for a person).
pub fn atur_json(ya: bool) {
    JSON.store(ya, Ordering::Relaxed);
}

pub fn json() -> bool {
    JSON.load(Ordering::Relaxed)
}

/// The command's change is committed: from now on it succeeded.
pub fn tandai_diubah() {
    DIUBAH.store(true, Ordering::SeqCst);
}

pub fn status_pipa_putus() -> i32 {
    if DIUBAH.load(Ordering::SeqCst) {
        0
    } else {
        141
    }
}

pub fn tulis(args: std::fmt::Arguments) {
    let mut o = std::io::stdout().lock();
    if let Err(e) = o.write_fmt(args).and_then(|_| o.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(status_pipa_putus());
        }
        // Any other failure to write (a full disk behind a redirect) is
        // said once on stderr, in the operator's terms.
        let _ = writeln!(
            std::io::stderr(),
            "galat: keluaran tidak dapat ditulis: {e}"
        );
        std::process::exit(if DIUBAH.load(Ordering::SeqCst) { 0 } else { 1 });
    }
}
