//! Progress of long work: a bar on a terminal, a structured log line every
//! few seconds otherwise (CI, pipes), nothing at all for short work; a line
//! per stage of the matching engine.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use padan_app::Kemajuan;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How often a log line is written off a terminal: `PADAN_LOG_DETIK`
/// seconds (default 5).
fn jeda_log() -> Duration {
    std::env::var("PADAN_LOG_DETIK")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(Duration::from_secs(5))
}

struct Bilah {
    bar: Option<ProgressBar>,
    tahap: String,
    mulai: Instant,
    log_terakhir: Instant,
}

impl Bilah {
    fn baru(tahap: &str, satuan: &str) -> Bilah {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let tpl = format!("{tahap} {{spinner}} {{human_pos}} {satuan} ({{per_sec}})");
            if let Ok(s) = ProgressStyle::with_template(&tpl) {
                b.set_style(s.progress_chars("=> "));
            }
            b
        });
        Bilah {
            bar,
            tahap: tahap.into(),
            mulai: Instant::now(),
            log_terakhir: Instant::now(),
        }
    }

    fn set(&mut self, pos: u64) {
        match &self.bar {
            Some(b) => b.set_position(pos),
            None => {
                if self.log_terakhir.elapsed() >= jeda_log() {
                    self.log_terakhir = Instant::now();
                    let detik = self.mulai.elapsed().as_secs_f64();
                    if crate::keluaran::json() {
                        eprintln!(
                            "{{\"tahap\":{:?},\"posisi\":{pos},\"detik\":{detik:.1}}}",
                            self.tahap
                        );
                    } else {
                        eprintln!("{}: {pos} ({detik:.1} s)", self.tahap);
                    }
                }
            }
        }
    }
}

/// The command line's progress: on stderr, structured where `--json` was
/// asked for; engine stages silenced by `PADAN_SENYAP` or [`Terminal::senyap`].
pub struct Terminal {
    bilah: Mutex<Option<Bilah>>,
    mulai: Instant,
    senyap: bool,
}

impl Terminal {
    pub fn baru() -> Terminal {
        Terminal {
            bilah: Mutex::new(None),
            mulai: Instant::now(),
            senyap: std::env::var_os("PADAN_SENYAP").is_some(),
        }
    }

    /// No engine stage lines (the demo prints its own summary).
    pub fn senyap() -> Terminal {
        Terminal {
            senyap: true,
            ..Terminal::baru()
        }
    }
}

impl Kemajuan for Terminal {
    fn mulai(&self, tahap: &str, satuan: &str) {
        if let Ok(mut b) = self.bilah.lock() {
            *b = Some(Bilah::baru(tahap, satuan));
        }
    }

    fn maju(&self, posisi: u64) {
        if let Ok(mut b) = self.bilah.lock()
            && let Some(b) = b.as_mut()
        {
            b.set(posisi);
        }
    }

    fn selesai(&self) {
        if let Ok(mut b) = self.bilah.lock()
            && let Some(Bilah { bar: Some(bar), .. }) = b.take()
        {
            bar.finish_and_clear();
        }
    }

    fn tahap(&self, tahap: &str) {
        let detik = self.mulai.elapsed().as_secs_f64();
        if self.senyap {
        } else if crate::keluaran::json() {
            eprintln!("{{\"tahap\":{tahap:?},\"detik\":{detik:.2}}}");
        } else {
            eprintln!("  {tahap}: {detik:.2} s");
        }
    }
}
