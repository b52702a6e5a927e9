//! Reading what the matching found: `padan findings` and `padan explain`.

use crate::bukti::{Bukti, Pasangan, ringkas};
use crate::galat::Galat;
use crate::pesan::Bahasa;
use crate::ruang::Ruang;
use padan_core::JenisTemuan;
use padan_match::model::{self, Langkah, Model};
use padan_store::pemadanan::{
    RekamanSumber, Run, SaringanTemuan, Temuan, tampil_temuan, urai_temuan,
};
use padan_store::{Keadaan, Toko, tampil_id};
use serde_json::json;

/// A page of findings of one run.
#[derive(Debug, Clone)]
pub struct DaftarTemuan {
    pub run: Run,
    /// Findings per kind in the whole run.
    pub hitung: Vec<(String, i64)>,
    /// The findings shown, each with its evidence.
    pub temuan: Vec<(Temuan, Bukti)>,
}

/// A finding's one-line summary in the language in use.
pub fn ringkas_temuan(t: &Temuan, bukti: &Bukti, b: Bahasa) -> String {
    ringkas(
        t.isi.jenis,
        t.isi.pemilih.map(tampil_id).as_deref(),
        bukti,
        b,
    )
}

impl DaftarTemuan {
    /// The JSON form `padan findings --json` prints, summaries in `b`.
    pub fn json(&self, b: Bahasa) -> serde_json::Value {
        json!({"run": self.run.id, "jenis_run": self.run.jenis, "temuan": self.temuan.iter().map(|(t, bk)| json!({
            "id": tampil_temuan(t.id),
            "jenis": t.isi.jenis,
            "pemilih": t.isi.pemilih.map(tampil_id),
            "kode_desa": t.isi.kode_desa,
            "peluang": t.isi.peluang,
            "ringkas": ringkas_temuan(t, bk, b),
        })).collect::<Vec<_>>()})
    }
}

/// A finding kind as an operator writes it (`--type ganda`).
pub fn urai_jenis(j: &str) -> Result<JenisTemuan, Galat> {
    JenisTemuan::dari_nama(j).ok_or_else(|| {
        let semua: Vec<&str> = JenisTemuan::SEMUA.iter().map(|j| j.nama()).collect();
        Galat::baru(
            format!(
                "jenis temuan '{j}' tidak dikenal; yang ada: {}",
                semua.join(", ")
            ),
            format!("unknown finding type '{j}'; known: {}", semua.join(", ")),
        )
        .misuse()
    })
}

/// `padan findings`: of the last run, or of `s.run`.
pub fn daftar(r: &Ruang, s: SaringanTemuan) -> Result<DaftarTemuan, Galat> {
    let g = r.buka()?;
    let Some(run) = g.run(s.run)? else {
        return Err(Galat::baru(
            "belum ada run pemadanan; jalankan padan match --against BATCH atau padan dedupe",
            "no matching run yet; run padan match --against BATCH or padan dedupe",
        ));
    };
    let s = SaringanTemuan {
        run: Some(run.id),
        ..s
    };
    let mut temuan = vec![];
    for t in g.daftar_temuan(&s)? {
        let b = Bukti::dari(&t)?;
        temuan.push((t, b));
    }
    let hitung = g.hitung_temuan(run.id)?;
    Ok(DaftarTemuan {
        run,
        hitung,
        temuan,
    })
}

/// One finding in full: the finding, its run and model, the source
/// record and the voters it names, as stored.
#[derive(Debug, Clone)]
pub struct Penjelasan {
    pub tm: Temuan,
    /// The finding's evidence, parsed.
    pub bukti: Bukti,
    pub run: Run,
    pub model: Model,
    pub sumber: Option<RekamanSumber>,
    /// The voters the finding names (a duplicate's members, or the one
    /// voter), each with its state now.
    pub pemilih: Vec<(i64, Option<Keadaan>)>,
}

/// `padan explain`: a finding by its number (`TM-00000042` or `42`).
pub fn jelaskan(r: &Ruang, kunci: &str) -> Result<Penjelasan, Galat> {
    jelaskan_dari(&*r.buka()?, kunci)
}

/// A finding explained, on an open workspace.
pub fn jelaskan_dari(g: &dyn Toko, kunci: &str) -> Result<Penjelasan, Galat> {
    let Some(id) = urai_temuan(kunci) else {
        return Err(Galat::baru(
            format!(
                "'{kunci}' bukan nomor temuan; tulis TM-00000042 atau 42 (lihat padan findings)"
            ),
            format!(
                "'{kunci}' is not a finding number; write TM-00000042 or 42 (see padan findings)"
            ),
        )
        .misuse());
    };
    let Some(tm) = g.temuan(id)? else {
        return Err(Galat::baru(
            format!("temuan {} tidak ada", tampil_temuan(id)),
            format!("finding {} does not exist", tampil_temuan(id)),
        ));
    };
    let Some(run) = g.run(Some(tm.run))? else {
        return Err(Galat::baru(
            "run temuan ini hilang",
            "this finding's run is missing",
        ));
    };
    let model = g
        .model_run(run.id)?
        .and_then(|s| Model::muat(&s).ok())
        .ok_or_else(|| {
            Galat::baru(
                "model run ini tidak terbaca",
                "this run's model is unreadable",
            )
        })?;
    let sumber = match tm.isi.sumber_seq {
        Some(s) => g.satu_rekaman_sumber(s)?,
        None => None,
    };
    let bukti = Bukti::dari(&tm)?;
    let mut pemilih = vec![];
    for i in crate::tindak::pemilih_temuan(&tm, &bukti) {
        pemilih.push((i, g.keadaan(i)?));
    }
    Ok(Penjelasan {
        tm,
        bukti,
        run,
        model,
        sumber,
        pemilih,
    })
}

/// The waterfall of one piece of evidence (a scored pair), rebuilt from the
/// run's model: the comparison pattern and the u of each term-frequency
/// level, as stored.
pub fn air_terjun(m: &Model, p: &Pasangan) -> (Vec<Langkah>, f64) {
    m.air_terjun(p.pola, &p.u_tf)
}

impl Penjelasan {
    /// The finding's summary in the language in use.
    pub fn ringkas(&self, b: Bahasa) -> String {
        ringkas_temuan(&self.tm, &self.bukti, b)
    }

    /// The JSON form `padan explain --json` prints, the summary in `b`.
    pub fn json(&self, b: Bahasa) -> serde_json::Value {
        let Penjelasan {
            tm,
            bukti,
            run,
            model,
            sumber,
            ..
        } = self;
        let langkah = |p: &Pasangan| {
            let (l, total) = air_terjun(model, p);
            json!({"bobot_awal": model.bobot_awal(), "langkah": l, "total": total, "peluang": model::peluang(total)})
        };
        let air = if tm.isi.jenis == JenisTemuan::Ganda {
            json!(
                bukti
                    .tepi
                    .iter()
                    .map(|t| langkah(&t.pasangan))
                    .collect::<Vec<_>>()
            )
        } else if let Some(p) = bukti.pasangan() {
            langkah(&p)
        } else {
            serde_json::Value::Null
        };
        json!({
            "id": tampil_temuan(tm.id),
            "temuan": {
                "jenis": tm.isi.jenis,
                "pemilih": tm.isi.pemilih.map(tampil_id),
                "sumber_seq": tm.isi.sumber_seq,
                "kode_desa": tm.isi.kode_desa,
                "peluang": tm.isi.peluang,
                "ringkas": self.ringkas(b),
                "bukti": bukti,
            },
            "air_terjun": air,
            "rekaman_sumber": sumber.as_ref().map(|s| json!({"seq": s.seq, "baris": s.baris})),
            "run": {
                "id": run.id,
                "jenis": run.jenis,
                "dimulai": run.dimulai,
                "selesai": run.selesai,
                "operator": run.operator,
                "sha256": run.sha256,
                "manifest": run.manifest,
                "model_versi": model.versi,
            },
        })
    }
}
