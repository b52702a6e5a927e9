//! Rate budgets of the public lookup: per client, for the whole service,
//! and a detector of enumeration.
//!
//! A citizen checks their own NIK and perhaps their family's: a handful of
//! NIKs an hour. Whoever holds a leaked list and wants it confirmed asks
//! thousands, often in runs (one region and birth date, the serial counted
//! up). So besides a request budget per client and one for the service,
//! each client's recent NIKs are kept (as numbers, in memory only, for an
//! hour): too many different ones, or too many close to one another, and
//! the client is refused for the rest of the hour.

use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The budgets, as configured (`padan serve --cek-*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetelanBatas {
    /// Lookups per client per minute (also the burst).
    pub per_klien_menit: u32,
    /// Lookups per second for the whole service.
    pub global_detik: u32,
    /// Different NIKs one client may ask in an hour.
    pub maks_nik_jam: u32,
}

impl Default for SetelanBatas {
    fn default() -> Self {
        SetelanBatas {
            per_klien_menit: 10,
            global_detik: 1000,
            maks_nik_jam: 20,
        }
    }
}

/// Why a lookup was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tolak {
    /// The client spent its budget.
    Klien,
    /// The service spent its budget.
    Global,
    /// The client's NIKs look like an enumeration; refused for the hour.
    Enumerasi,
}

impl Tolak {
    pub fn kelas(self) -> &'static str {
        match self {
            Tolak::Klien => "dibatasi_klien",
            Tolak::Global => "dibatasi_global",
            Tolak::Enumerasi => "dibatasi_enumerasi",
        }
    }
}

/// The window over which a client's NIKs are remembered.
const JENDELA: Duration = Duration::from_secs(3600);

/// Two NIKs closer than this differ in the serial only (the last four
/// digits): one region, one birth date. Twins are one such pair.
const DEKAT: u64 = 10_000;

/// Close pairs (beyond twins') that mark an enumeration.
const MAKS_DEKAT: usize = 3;

/// Clients remembered at most; past it, the stale ones are dropped first.
const MAKS_KLIEN: usize = 200_000;

#[derive(Debug, Default)]
struct Jejak {
    /// Different NIKs asked in the window, with when first asked.
    nik: VecDeque<(Instant, u64)>,
    diblok_sampai: Option<Instant>,
}

impl Jejak {
    fn buang_lama(&mut self, kini: Instant) {
        while self
            .nik
            .front()
            .is_some_and(|(t, _)| kini.duration_since(*t) > JENDELA)
        {
            self.nik.pop_front();
        }
    }
}

pub struct Batas {
    maks_nik_jam: u32,
    klien: DefaultKeyedRateLimiter<IpAddr>,
    global: DefaultDirectRateLimiter,
    jejak: Mutex<HashMap<IpAddr, Jejak>>,
}

fn tak_nol(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

/// A NIK as the budgets count it: its number when it is 16 digits (a bad
/// NIK spends budget too, but has no place among close guesses).
pub fn angka_nik(raw: &str) -> Option<u64> {
    let bersih = padan_core::nik::bersihkan(raw);
    (bersih.len() == 16).then(|| bersih.parse().ok()).flatten()
}

/// One key per client: an IPv6 client holds a whole /64.
pub fn kunci_klien(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

impl Batas {
    pub fn baru(s: SetelanBatas) -> Batas {
        Batas::dari_kuota(
            Quota::per_minute(tak_nol(s.per_klien_menit)).allow_burst(tak_nol(s.per_klien_menit)),
            Quota::per_second(tak_nol(s.global_detik)),
            s.maks_nik_jam,
        )
    }

    /// Budgets counted per hour (the public reports): `per_klien_jam` a
    /// client, `global_menit` a minute in all, `maks_nik_jam` NIKs a client.
    pub fn per_jam(per_klien_jam: u32, global_menit: u32, maks_nik_jam: u32) -> Batas {
        Batas::dari_kuota(
            Quota::per_hour(tak_nol(per_klien_jam)).allow_burst(tak_nol(per_klien_jam)),
            Quota::per_minute(tak_nol(global_menit)),
            maks_nik_jam,
        )
    }

    fn dari_kuota(klien: Quota, global: Quota, maks_nik_jam: u32) -> Batas {
        Batas {
            maks_nik_jam,
            klien: RateLimiter::keyed(klien),
            global: RateLimiter::direct(global),
            jejak: Mutex::new(HashMap::new()),
        }
    }

    /// Whether this lookup may be answered. `nik`: the NIK asked, as a
    /// number, when it is 16 digits (a bad NIK spends budget too).
    pub fn periksa(&self, klien: IpAddr, nik: Option<u64>, kini: Instant) -> Result<(), Tolak> {
        let klien = kunci_klien(klien);
        self.enumerasi(klien, nik, kini)?;
        if self.klien.check_key(&klien).is_err() {
            return Err(Tolak::Klien);
        }
        if self.global.check().is_err() {
            return Err(Tolak::Global);
        }
        Ok(())
    }

    fn enumerasi(&self, klien: IpAddr, nik: Option<u64>, kini: Instant) -> Result<(), Tolak> {
        let mut peta = self
            .jejak
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if peta.len() >= MAKS_KLIEN && !peta.contains_key(&klien) {
            peta.retain(|_, j| {
                j.buang_lama(kini);
                !j.nik.is_empty() || j.diblok_sampai.is_some_and(|t| t > kini)
            });
            self.klien.retain_recent();
        }
        let j = peta.entry(klien).or_default();
        if let Some(t) = j.diblok_sampai {
            if t > kini {
                return Err(Tolak::Enumerasi);
            }
            j.diblok_sampai = None;
        }
        j.buang_lama(kini);
        let Some(n) = nik else { return Ok(()) };
        if j.nik.iter().any(|(_, x)| *x == n) {
            // Asking one's own NIK again is not enumerating.
            return Ok(());
        }
        j.nik.push_back((kini, n));
        let dekat = j
            .nik
            .iter()
            .enumerate()
            .filter(|(i, (_, a))| {
                j.nik
                    .iter()
                    .skip(i + 1)
                    .any(|(_, b)| a.abs_diff(*b) < DEKAT)
            })
            .count();
        if j.nik.len() > self.maks_nik_jam as usize || dekat > MAKS_DEKAT {
            j.diblok_sampai = Some(kini + JENDELA);
            return Err(Tolak::Enumerasi);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_client_gets_its_budget_and_no_more() {
        let b = Batas::baru(SetelanBatas {
            per_klien_menit: 5,
            global_detik: 1000,
            maks_nik_jam: 100,
        });
        let t = Instant::now();
        let ok = (0..50)
            .filter(|_| b.periksa(ip("10.0.0.1"), None, t).is_ok())
            .count();
        assert_eq!(ok, 5);
        // Another client has its own budget.
        assert!(b.periksa(ip("10.0.0.2"), None, t).is_ok());
        // An IPv6 client's neighbours in its /64 share its budget.
        let ok6 = (0..50)
            .filter(|i| b.periksa(ip(&format!("2001:db8::{i:x}")), None, t).is_ok())
            .count();
        assert_eq!(ok6, 5);
    }

    #[test]
    fn many_niks_or_close_niks_are_an_enumeration() {
        let b = Batas::baru(SetelanBatas {
            per_klien_menit: 1000,
            global_detik: 1000,
            maks_nik_jam: 20,
        });
        let t = Instant::now();
        // A family: the same NIK twice, twins, parents.
        for n in [
            3579014703900001u64,
            3579014703900001,
            3579010101150001,
            3579010101150002,
            3579012512650003,
        ] {
            assert!(b.periksa(ip("10.0.0.1"), Some(n), t).is_ok());
        }
        // Counting up the serial: refused after a few, and for the hour.
        let c = ip("10.0.0.3");
        let ok = (1..=100u64)
            .filter(|i| b.periksa(c, Some(3579014703900000 + i), t).is_ok())
            .count();
        assert!(ok <= 5, "{ok}");
        assert_eq!(
            b.periksa(c, Some(1101010101010001), t + Duration::from_secs(1800)),
            Err(Tolak::Enumerasi)
        );
        assert!(
            b.periksa(c, None, t + JENDELA + Duration::from_secs(1))
                .is_ok()
        );
        // Far-apart guesses: the hourly count of different NIKs holds them.
        let d = ip("10.0.0.4");
        let ok = (0..100u64)
            .filter(|i| {
                b.periksa(d, Some(3500000000000000 + i * 7_919_000_000), t)
                    .is_ok()
            })
            .count();
        assert_eq!(ok, 20);
    }

    #[test]
    fn the_service_budget_holds_across_clients() {
        let b = Batas::baru(SetelanBatas {
            per_klien_menit: 1000,
            global_detik: 10,
            maks_nik_jam: 100,
        });
        let t = Instant::now();
        let ok = (0..100u32)
            .filter(|i| {
                b.periksa(IpAddr::from([10, 1, 0, *i as u8]), None, t)
                    .is_ok()
            })
            .count();
        assert_eq!(ok, 10);
    }
}
