//! The review queue (`padan review`): findings and public reports with
//! where each stands, and one case side by side: the voter, the source
//! record, each element, the waterfall and the decisions taken on it.

use crate::bukti::Bukti;
use crate::galat::Galat;
use crate::ruang::Ruang;
use crate::temuan::{Penjelasan, jelaskan_dari};
use padan_core::pemilih::Elemen;
use padan_core::{JenisTemuan, StatusKasus, masker};
use padan_store::tindak::{
    BarisAntrian, InfoTanggapan, Kasus, Keputusan, SaringanKasus, kunci_tanggapan, urai_tanggapan,
};
use padan_store::{Keadaan, Toko};
use serde::Serialize;

/// `padan review` without a case: which cases to list.
#[derive(Debug, Clone, Default)]
pub struct OpsiAntrian {
    pub run: Option<i64>,
    pub jenis: Option<JenisTemuan>,
    pub wilayah: Option<String>,
    pub pita: Option<(f64, f64)>,
    pub status: Option<StatusKasus>,
    pub batas: u64,
}

/// The queue: reports first (they are few and a citizen waits), then the
/// findings of the run asked for (the last run by default).
#[derive(Debug, Clone, Serialize)]
pub struct Antrian {
    pub run: Option<i64>,
    pub tanggapan: Vec<(InfoTanggapan, Kasus)>,
    pub temuan: Vec<BarisAntrian>,
}

/// `--band 0.5-0.9`.
pub fn urai_pita(s: &str) -> Result<(f64, f64), Galat> {
    let salah = || {
        Galat::baru(
            format!("--band '{s}' bukan rentang peluang; tulis mis. 0.5-0.9"),
            format!("--band '{s}' is not a probability range; write e.g. 0.5-0.9"),
        )
        .misuse()
    };
    let (a, b) = s.split_once('-').ok_or_else(salah)?;
    let a: f64 = a.trim().replace(',', ".").parse().map_err(|_| salah())?;
    let b: f64 = b.trim().replace(',', ".").parse().map_err(|_| salah())?;
    if !(0.0..=1.0).contains(&a) || !(0.0..=1.0).contains(&b) || a > b {
        return Err(salah());
    }
    Ok((a, b))
}

/// `padan review [--run N] [--type T] [--region CODE] [--band A-B] [--status S]`.
pub fn antrian(r: &Ruang, o: &OpsiAntrian) -> Result<Antrian, Galat> {
    antrian_dari(&*r.buka()?, o)
}

/// [`antrian`] on an open store.
pub fn antrian_dari(g: &dyn Toko, o: &OpsiAntrian) -> Result<Antrian, Galat> {
    let run = match o.run {
        Some(n) => Some(n),
        None => g.run(None)?.map(|x| x.id),
    };
    let tanggapan = if o.run.is_none() && o.jenis.is_none() && o.pita.is_none() {
        g.daftar_tanggapan()?
            .into_iter()
            .filter(|(t, k)| {
                o.status.is_none_or(|s| s == k.status)
                    && o.wilayah.as_ref().is_none_or(|w| {
                        t.isi.kode_desa == *w || t.isi.kode_desa.starts_with(&format!("{w}."))
                    })
            })
            .collect()
    } else {
        vec![]
    };
    let temuan = match run {
        Some(run) => g.antrian(&SaringanKasus {
            run: Some(run),
            jenis: o.jenis,
            wilayah: o.wilayah.clone(),
            pita: o.pita,
            status: o.status,
            batas: o.batas,
            setelah: None,
        })?,
        None => vec![],
    };
    Ok(Antrian {
        run,
        tanggapan,
        temuan,
    })
}

/// One element side by side, masked as a published list is.
#[derive(Debug, Clone, Serialize)]
pub struct Sisi {
    pub elemen: String,
    pub daftar: String,
    pub sumber: String,
    pub sama: bool,
}

/// `padan review TM-…|TG-…`.
#[derive(Debug, Clone, Serialize)]
pub struct Tinjauan {
    pub kasus: Kasus,
    /// A finding's explanation (evidence, run, model, waterfall).
    #[serde(skip)]
    pub penjelasan: Option<Penjelasan>,
    pub tanggapan: Option<InfoTanggapan>,
    /// The voters, each with its state now.
    pub pemilih: Vec<(String, Option<Keadaan>)>,
    /// The register's elements beside the source record's.
    pub sisi: Vec<Sisi>,
    /// Every decision on the case, undone ones included.
    pub keputusan: Vec<Keputusan>,
}

/// The register's record beside a source record, element by element.
fn sisi(k: Option<&Keadaan>, rekaman: &std::collections::BTreeMap<String, String>) -> Vec<Sisi> {
    let Some(k) = k else { return vec![] };
    Elemen::PEMILIH
        .into_iter()
        .filter(|e| !matches!(e, Elemen::Keterangan))
        .filter_map(|e| {
            let s = rekaman.get(e.nama())?;
            let d = k.pemilih.nilai(e);
            Some(Sisi {
                elemen: e.nama().into(),
                sama: d.trim().eq_ignore_ascii_case(s.trim()),
                daftar: masker::nilai(e, &d),
                sumber: masker::nilai(e, s),
            })
        })
        .collect()
}

pub fn tinjau(r: &Ruang, kunci: &str) -> Result<Tinjauan, Galat> {
    tinjau_dari(&*r.buka()?, kunci)
}

/// [`tinjau`] on an open store.
pub fn tinjau_dari(g: &dyn Toko, kunci: &str) -> Result<Tinjauan, Galat> {
    if let Some(n) = urai_tanggapan(kunci) {
        let k = kunci_tanggapan(n);
        let Some(t) = g.tanggapan(n)? else {
            return Err(Galat::baru(
                format!("tanggapan {k} tidak ada"),
                format!("report {k} does not exist"),
            ));
        };
        let mut pemilih = vec![];
        if let Some(id) = t.isi.pemilih {
            pemilih.push((padan_store::tampil_id(id), g.keadaan(id)?));
        }
        return Ok(Tinjauan {
            kasus: g.kasus(&k)?.unwrap_or_else(|| Kasus::terbuka(k.clone())),
            penjelasan: None,
            tanggapan: Some(t),
            pemilih,
            sisi: vec![],
            keputusan: g.keputusan_kasus(&k)?,
        });
    }
    let p = jelaskan_dari(g, kunci)?;
    let k = padan_store::pemadanan::tampil_temuan(p.tm.id);
    let sisi = match &p.sumber {
        Some(s) => sisi(p.pemilih.first().and_then(|(_, k)| k.as_ref()), &s.rekaman),
        None => vec![],
    };
    Ok(Tinjauan {
        kasus: g.kasus(&k)?.unwrap_or_else(|| Kasus::terbuka(k.clone())),
        pemilih: p
            .pemilih
            .iter()
            .map(|(i, k)| (padan_store::tampil_id(*i), k.clone()))
            .collect(),
        sisi,
        keputusan: g.keputusan_kasus(&k)?,
        tanggapan: None,
        penjelasan: Some(p),
    })
}

impl Tinjauan {
    /// The JSON form: the case, and a finding's explanation as `padan
    /// explain --json` gives it.
    pub fn json(&self, b: padan_core::Bahasa) -> serde_json::Value {
        let mut v = serde_json::to_value(self).unwrap_or_default();
        if let (Some(p), Some(m)) = (&self.penjelasan, v.as_object_mut()) {
            m.insert("temuan".into(), p.json(b));
        }
        v
    }
}

/// The evidence of a queue line, for its summary.
pub fn bukti_baris(b: &BarisAntrian) -> Option<Bukti> {
    Bukti::dari(&b.temuan).ok()
}
