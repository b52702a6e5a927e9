//! Progress of long work: a bar on a terminal, a structured log line every
//! few seconds otherwise (CI, pipes), nothing at all for short work.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
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

pub struct Kemajuan {
    bar: Option<ProgressBar>,
    tahap: String,
    mulai: Instant,
    log_terakhir: Instant,
}

impl Kemajuan {
    /// `total`: known amount of work, if any.
    pub fn baru(tahap: &str, total: Option<u64>, satuan: &str) -> Kemajuan {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = match total {
                Some(t) => ProgressBar::with_draw_target(Some(t), ProgressDrawTarget::stderr()),
                None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
            };
            let tpl = if total.is_some() {
                format!("{tahap} [{{bar:30}}] {{human_pos}}/{{human_len}} {satuan} ({{per_sec}}, {{eta}})")
            } else {
                format!("{tahap} {{spinner}} {{human_pos}} {satuan} ({{per_sec}})")
            };
            if let Ok(s) = ProgressStyle::with_template(&tpl) {
                b.set_style(s.progress_chars("=> "));
            }
            b
        });
        Kemajuan {
            bar,
            tahap: tahap.into(),
            mulai: Instant::now(),
            log_terakhir: Instant::now(),
        }
    }

    pub fn set(&mut self, pos: u64) {
        match &self.bar {
            Some(b) => b.set_position(pos),
            None => {
                if self.log_terakhir.elapsed() >= jeda_log() {
                    self.log_terakhir = Instant::now();
                    if crate::keluaran::json() {
                        eprintln!(
                            "{{\"tahap\":{:?},\"posisi\":{pos},\"detik\":{:.1}}}",
                            self.tahap,
                            self.mulai.elapsed().as_secs_f64()
                        );
                    } else {
                        eprintln!(
                            "{}: {pos} ({:.1} s)",
                            self.tahap,
                            self.mulai.elapsed().as_secs_f64()
                        );
                    }
                }
            }
        }
    }

    pub fn selesai(self) {
        if let Some(b) = self.bar {
            b.finish_and_clear();
        }
    }
}
