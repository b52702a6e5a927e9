//! Witnessed checkpoints: the whole log as one RFC 9162 Merkle tree (its
//! leaves the events' chain hashes, in order), its head written as a C2SP
//! signed note that Bawaslu and the parties keep, and the proof that
//! today's log still extends a note kept earlier.
//!
//! `verify` alone cannot see a log whose last batches were cut off
//! together with their checkpoints: what is left is a shorter, consistent
//! log. A witness holds the size and root of the log as it was; a log cut
//! below that size, or whose first events differ, fails against it.

use crate::rantai::{self, Hash};
use crate::{GalatStore, Gudang};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signer, Verifier};
use serde::Serialize;
use sha2::{Digest, Sha256};

type R<T> = Result<T, GalatStore>;

/// The note's origin line: which log this is.
pub fn asal(kantor: &str) -> String {
    format!("padan/{kantor}")
}

/// The C2SP key hash of an Ed25519 key named `nama`: the first four bytes
/// of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key).
fn hash_kunci(nama: &str, publik: &[u8; 32]) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(nama.as_bytes());
    h.update(b"\n");
    h.update([1u8]);
    h.update(publik);
    let d: [u8; 32] = h.finalize().into();
    let [a, b, c, e, ..] = d;
    [a, b, c, e]
}

/// A tree head as the note says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Catatan {
    pub asal: String,
    pub ukuran: u64,
    pub akar: String,
}

fn badan(c: &Catatan, akar: &Hash) -> String {
    format!("{}\n{}\n{}\n", c.asal, c.ukuran, B64.encode(akar))
}

/// What a witness check found.
#[derive(Debug, Clone, Serialize)]
pub struct HasilSaksi {
    pub catatan: Catatan,
    /// Events in the log now.
    pub ukuran_kini: u64,
    pub akar_kini: String,
    /// The consistency proof, hex, from the witness's tree to today's.
    pub bukti: Vec<String>,
}

/// Why a witness check failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GagalSaksi {
    /// The log has fewer events than the witness saw.
    Terpotong { saksi: u64, kini: u64 },
    /// The first events are not those the witness saw.
    Beda { ukuran: u64 },
}

/// The leaf hashes of the log's events, in order.
fn daun_log(g: &Gudang) -> R<Vec<Hash>> {
    let mut st = g
        .conn
        .prepare("SELECT seq, hash FROM peristiwa ORDER BY seq")?;
    let mut rows = st.query([])?;
    let mut out = vec![];
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let h: Vec<u8> = r.get(1)?;
        let h: Hash = h
            .try_into()
            .map_err(|_| GalatStore::Data(seq, "hash peristiwa bukan 32 bita".into()))?;
        out.push(rantai::hash_daun(&h));
    }
    Ok(out)
}

impl Gudang {
    /// The log's tree head now, signed with the office key as a C2SP note.
    pub fn catatan_saksi(&mut self) -> R<String> {
        self.siapkan_kunci()?;
        let daun = daun_log(self)?;
        let akar = rantai::akar_daun(&daun);
        let c = Catatan {
            asal: asal(&self.kantor),
            ukuran: daun.len() as u64,
            akar: hex::encode(akar),
        };
        let Some(k) = self.kunci.as_ref() else {
            return Err(GalatStore::Kunci("kunci kantor belum dibuka".into()));
        };
        let isi = badan(&c, &akar);
        let sig = k.sign(isi.as_bytes());
        let mut tanda = hash_kunci(&c.asal, k.verifying_key().as_bytes()).to_vec();
        tanda.extend_from_slice(&sig.to_bytes());
        Ok(format!("{isi}\n— {} {}\n", c.asal, B64.encode(tanda)))
    }

    /// Checks a note kept by a witness against today's log: the signature
    /// with this office's key (a note of another key is refused), then the
    /// consistency of today's log with the tree it names.
    pub fn periksa_saksi(&self, teks: &str) -> R<Result<HasilSaksi, GagalSaksi>> {
        let publik = self.meta("kunci_publik")?.unwrap_or_default();
        let publik: [u8; 32] = hex::decode(&publik)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| GalatStore::Rusak("kunci publik kantor tidak terbaca".into()))?;
        let (c, akar_saksi) = urai(teks, &asal(&self.kantor), &publik)?;
        let daun = daun_log(self)?;
        let n = daun.len() as u64;
        let m = c.ukuran;
        if m > n {
            return Ok(Err(GagalSaksi::Terpotong { saksi: m, kini: n }));
        }
        let akar_kini = rantai::akar_daun(&daun);
        let mm = usize::try_from(m).unwrap_or(usize::MAX);
        let bukti = rantai::bukti_konsistensi(&daun, mm);
        if !rantai::periksa_konsistensi(m, n, &akar_saksi, &akar_kini, &bukti) {
            return Ok(Err(GagalSaksi::Beda { ukuran: m }));
        }
        Ok(Ok(HasilSaksi {
            catatan: c,
            ukuran_kini: n,
            akar_kini: hex::encode(akar_kini),
            bukti: bukti.iter().map(hex::encode).collect(),
        }))
    }
}

/// Parses and authenticates a note: its body's three lines, and a
/// signature line by `asal` made with `publik`.
fn urai(teks: &str, asal_harus: &str, publik: &[u8; 32]) -> R<(Catatan, Hash)> {
    let rusak = |m: &str| GalatStore::Kunci(format!("berkas saksi tidak terbaca: {m}"));
    let (isi, tanda) = teks
        .split_once("\n\n")
        .ok_or_else(|| rusak("tidak ada baris tanda tangan"))?;
    let isi = format!("{isi}\n");
    let mut baris = isi.lines();
    let (Some(asal), Some(ukuran), Some(akar)) = (baris.next(), baris.next(), baris.next()) else {
        return Err(rusak("badan catatan kurang dari tiga baris"));
    };
    if asal != asal_harus {
        return Err(GalatStore::Kunci(format!(
            "berkas saksi milik log '{asal}', bukan log kantor ini ('{asal_harus}')"
        )));
    }
    let ukuran: u64 = ukuran
        .parse()
        .map_err(|_| rusak("ukuran pohon bukan angka"))?;
    let akar: Hash = B64
        .decode(akar)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| rusak("akar bukan 32 bita base64"))?;
    let kunci = ed25519_dalek::VerifyingKey::from_bytes(publik)
        .map_err(|_| GalatStore::Rusak("kunci publik kantor tidak sah".into()))?;
    let hk = hash_kunci(asal, publik);
    let mut ada_tanda = false;
    for l in tanda.lines() {
        let Some(rest) = l.strip_prefix("— ") else {
            continue;
        };
        let Some((nama, b64)) = rest.rsplit_once(' ') else {
            continue;
        };
        let Ok(b) = B64.decode(b64) else { continue };
        if nama != asal || b.len() != 68 {
            continue;
        }
        ada_tanda = true;
        let (h, s) = b.split_at(4);
        let Ok(sig) = ed25519_dalek::Signature::from_slice(s) else {
            continue;
        };
        if h == hk && kunci.verify(isi.as_bytes(), &sig).is_ok() {
            return Ok((
                Catatan {
                    asal: asal.to_owned(),
                    ukuran,
                    akar: hex::encode(akar),
                },
                akar,
            ));
        }
    }
    Err(GalatStore::Kunci(if ada_tanda {
        "berkas saksi tidak ditandatangani dengan kunci kantor ini (kunci kantor lain, atau isinya diubah): ditolak".into()
    } else {
        "berkas saksi tidak memuat tanda tangan".into()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_signed_by_another_key_is_refused_and_a_changed_one_too() {
        let k = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
        let lain = ed25519_dalek::SigningKey::from_bytes(&[8u8; 32]);
        let c = Catatan {
            asal: asal("35.79"),
            ukuran: 5,
            akar: String::new(),
        };
        let akar = [3u8; 32];
        let tulis = |k: &ed25519_dalek::SigningKey, isi: &str| {
            let mut t = hash_kunci(&c.asal, k.verifying_key().as_bytes()).to_vec();
            t.extend_from_slice(&k.sign(isi.as_bytes()).to_bytes());
            format!("{isi}\n— {} {}\n", c.asal, B64.encode(t))
        };
        let isi = badan(&c, &akar);
        let note = tulis(&k, &isi);
        let pk = *k.verifying_key().as_bytes();
        assert_eq!(urai(&note, &c.asal, &pk).unwrap().0.ukuran, 5);
        assert!(
            urai(&tulis(&lain, &isi), &c.asal, &pk).is_err(),
            "another key"
        );
        assert!(
            urai(&note.replacen("\n5\n", "\n6\n", 1), &c.asal, &pk).is_err(),
            "changed size"
        );
        assert!(
            urai(&note, &asal("35.07"), &pk).is_err(),
            "another office's log"
        );
        assert!(urai("sampah", &c.asal, &pk).is_err());
    }
}
