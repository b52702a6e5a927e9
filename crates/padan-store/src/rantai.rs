//! The hash chain of events and the Merkle tree of a batch (RFC 9162 §2.1).

use sha2::{Digest, Sha256};

pub type Hash = [u8; 32];

/// The hash before the first event.
pub const AWAL: Hash = [0u8; 32];

/// The fields of an event's content, in a fixed order. With the fields of
/// its batch (recorded time, operator, office, document) every stored value
/// of an event is covered, so changing any of them breaks the chain.
pub struct BahanHash<'a> {
    pub jenis: &'a str,
    pub berlaku: &'a str,
    pub dicatat: &'a str,
    pub operator: &'a str,
    pub kantor: &'a str,
    pub batch: i64,
    pub dokumen: Option<&'a str>,
    pub baris: Option<i64>,
    pub alasan: &'a str,
    pub data: &'a str,
}

/// A length-prefixed field, so that no two field sequences hash alike.
pub(crate) fn medan(h: &mut Sha256, b: &[u8]) {
    h.update((b.len() as u64).to_le_bytes());
    h.update(b);
}

/// The digest of an event's content. It does not depend on the chain, so the
/// import's reader thread computes it in parallel with the writer.
pub fn hash_isi(e: &BahanHash) -> Hash {
    let mut h = Sha256::new();
    h.update(b"padan-isi/v1");
    for f in [e.jenis, e.berlaku, e.dicatat, e.operator, e.kantor] {
        medan(&mut h, f.as_bytes());
    }
    h.update(e.batch.to_le_bytes());
    medan(&mut h, e.dokumen.unwrap_or("").as_bytes());
    h.update(e.baris.unwrap_or(-1).to_le_bytes());
    medan(&mut h, e.alasan.as_bytes());
    medan(&mut h, e.data.as_bytes());
    h.finalize().into()
}

/// The chain link: `SHA-256(tag ‖ prev ‖ seq ‖ subject ‖ content digest)`.
pub fn hash_peristiwa(prev: &Hash, seq: i64, subjek: Option<i64>, isi: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update(b"padan-peristiwa/v2");
    h.update(prev);
    h.update(seq.to_le_bytes());
    h.update(subjek.unwrap_or(-1).to_le_bytes());
    h.update(isi);
    h.finalize().into()
}

fn daun(x: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(x);
    h.finalize().into()
}

fn simpul(l: &Hash, r: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(l);
    h.update(r);
    h.finalize().into()
}

/// Builds the Merkle tree hash of a sequence of leaves in O(log n) memory:
/// the stack holds the roots of the perfect subtrees, largest first, which is
/// exactly how RFC 9162 splits a tree of any size.
#[derive(Debug, Default, Clone)]
pub struct Merkle {
    tumpukan: Vec<(u32, Hash)>,
    pub jumlah: u64,
}

impl Merkle {
    pub fn tambah(&mut self, event_hash: &Hash) {
        let mut cur = (0u32, daun(event_hash));
        while let Some(&(h, ref top)) = self.tumpukan.last() {
            if h != cur.0 {
                break;
            }
            cur = (h + 1, simpul(top, &cur.1));
            self.tumpukan.pop();
        }
        self.tumpukan.push(cur);
        self.jumlah += 1;
    }

    pub fn akar(&self) -> Hash {
        let mut it = self.tumpukan.iter().rev();
        let Some(&(_, last)) = it.next() else {
            return Sha256::digest(b"").into();
        };
        it.fold(last, |acc, (_, left)| simpul(left, &acc))
    }
}

/// The largest power of two below `n` (n > 1): where RFC 9162 splits a tree.
fn belah(n: usize) -> usize {
    let k = n.next_power_of_two() / 2;
    if k == n { n / 2 } else { k }
}

/// MTH over leaves already hashed as leaves (`daun`), RFC 9162 §2.1.1.
fn mth_daun(d: &[Hash]) -> Hash {
    match d {
        [] => Sha256::digest(b"").into(),
        [x] => *x,
        _ => {
            let (l, r) = d.split_at(belah(d.len()));
            simpul(&mth_daun(l), &mth_daun(r))
        }
    }
}

/// The leaf hashes of a sequence of event hashes.
pub fn daun_semua(events: &[Hash]) -> Vec<Hash> {
    events.iter().map(daun).collect()
}

/// The tree head over the first `m` leaf hashes.
pub fn akar_daun(d: &[Hash]) -> Hash {
    mth_daun(d)
}

/// The inclusion proof of leaf `i` in the tree of all `d` (RFC 9162
/// §2.1.3.1), from the leaf up.
pub fn bukti_inklusi(d: &[Hash], i: usize) -> Vec<Hash> {
    let mut out = vec![];
    jalur(d, i, &mut out);
    out
}

fn jalur(d: &[Hash], i: usize, out: &mut Vec<Hash>) {
    if d.len() <= 1 {
        return;
    }
    let k = belah(d.len());
    let (l, r) = d.split_at(k);
    if i < k {
        jalur(l, i, out);
        out.push(mth_daun(r));
    } else {
        jalur(r, i - k, out);
        out.push(mth_daun(l));
    }
}

/// Checks an inclusion proof (RFC 9162 §2.1.3.2): leaf `i` of a tree of
/// `n` leaves, whose leaf hash is `daun_i`, under `akar`.
pub fn periksa_inklusi(i: u64, n: u64, daun_i: &Hash, bukti: &[Hash], akar: &Hash) -> bool {
    if i >= n {
        return false;
    }
    let (mut f, mut sn) = (i, n - 1);
    let mut r = *daun_i;
    for p in bukti {
        if sn == 0 {
            return false;
        }
        if f & 1 == 1 || f == sn {
            r = simpul(p, &r);
            if f & 1 == 0 {
                while f & 1 == 0 && f != 0 {
                    f >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            r = simpul(&r, p);
        }
        f >>= 1;
        sn >>= 1;
    }
    sn == 0 && r == *akar
}

/// The consistency proof between the tree of the first `m` leaves and the
/// tree of all `d` (RFC 9162 §2.1.4.1).
pub fn bukti_konsistensi(d: &[Hash], m: usize) -> Vec<Hash> {
    let mut out = vec![];
    if m > 0 && m < d.len() {
        subbukti(m, d, true, &mut out);
    }
    out
}

fn subbukti(m: usize, d: &[Hash], b: bool, out: &mut Vec<Hash>) {
    let n = d.len();
    if m == n {
        if !b {
            out.push(mth_daun(d));
        }
        return;
    }
    let k = belah(n);
    let (l, r) = d.split_at(k);
    if m <= k {
        subbukti(m, l, b, out);
        out.push(mth_daun(r));
    } else {
        subbukti(m - k, r, false, out);
        out.push(mth_daun(l));
    }
}

/// Checks a consistency proof (RFC 9162 §2.1.4.2): the tree of `n` leaves
/// under `akar2` extends the tree of `m` leaves under `akar1`.
pub fn periksa_konsistensi(m: u64, n: u64, akar1: &Hash, akar2: &Hash, bukti: &[Hash]) -> bool {
    if m > n {
        return false;
    }
    if m == n {
        return bukti.is_empty() && akar1 == akar2;
    }
    if m == 0 {
        return bukti.is_empty();
    }
    let mut p: Vec<Hash> = bukti.to_vec();
    if m.is_power_of_two() {
        p.insert(0, *akar1);
    }
    let Some((pertama, sisa)) = p.split_first() else {
        return false;
    };
    let (mut f, mut sn) = (m - 1, n - 1);
    while f & 1 == 1 {
        f >>= 1;
        sn >>= 1;
    }
    let (mut fr, mut sr) = (*pertama, *pertama);
    for c in sisa {
        if sn == 0 {
            return false;
        }
        if f & 1 == 1 || f == sn {
            fr = simpul(c, &fr);
            sr = simpul(c, &sr);
            if f & 1 == 0 {
                while f & 1 == 0 && f != 0 {
                    f >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            sr = simpul(&sr, c);
        }
        f >>= 1;
        sn >>= 1;
    }
    sn == 0 && fr == *akar1 && sr == *akar2
}

/// The leaf hash of one event hash.
pub fn hash_daun(x: &Hash) -> Hash {
    daun(x)
}

/// The reference definition, recursive, for tests.
#[cfg(test)]
fn mth(leaves: &[Hash]) -> Hash {
    mth_daun(&daun_semua(leaves))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn h(s: &str) -> Hash {
        hex::decode(s).unwrap().try_into().unwrap()
    }

    /// The leaves of the Certificate Transparency reference tree, hashed as
    /// RFC 9162 leaves of their raw bytes (not of an event hash).
    fn daun_rujukan() -> Vec<Hash> {
        [
            "",
            "00",
            "10",
            "2021",
            "3031",
            "40414243",
            "5051525354555657",
            "606162636465666768696a6b6c6d6e6f",
        ]
        .iter()
        .map(|x| {
            let mut d = Sha256::new();
            d.update([0u8]);
            d.update(hex::decode(x).unwrap());
            d.finalize().into()
        })
        .collect()
    }

    const AKAR: [&str; 8] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    #[test]
    fn rfc_reference_roots_and_proofs() {
        let d = daun_rujukan();
        for (n, a) in AKAR.iter().enumerate() {
            assert_eq!(akar_daun(&d[..=n]), h(a), "root of {}", n + 1);
        }
        // Inclusion proofs of the reference set: (leaf index, tree size, proof).
        let inklusi: [(usize, usize, &[&str]); 4] = [
            (
                0,
                8,
                &[
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
            (
                5,
                8,
                &[
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
            (
                2,
                3,
                &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
            ),
            (
                1,
                5,
                &[
                    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ],
            ),
        ];
        for (i, n, p) in inklusi {
            let p: Vec<Hash> = p.iter().map(|x| h(x)).collect();
            assert_eq!(bukti_inklusi(&d[..n], i), p, "inclusion {i} of {n}");
            assert!(periksa_inklusi(
                i as u64,
                n as u64,
                &d[i],
                &p,
                &h(AKAR[n - 1])
            ));
            assert!(!periksa_inklusi(
                i as u64 + 1,
                n as u64,
                &d[i],
                &p,
                &h(AKAR[n - 1])
            ));
        }
        // Consistency proofs of the reference set: (old size, new size, proof).
        let konsistensi: [(usize, usize, &[&str]); 3] = [
            (
                1,
                8,
                &[
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
            (
                6,
                8,
                &[
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
            (
                2,
                5,
                &[
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ],
            ),
        ];
        for (m, n, p) in konsistensi {
            let p: Vec<Hash> = p.iter().map(|x| h(x)).collect();
            assert_eq!(bukti_konsistensi(&d[..n], m), p, "consistency {m} → {n}");
            let (a1, a2) = (h(AKAR[m - 1]), h(AKAR[n - 1]));
            assert!(periksa_konsistensi(m as u64, n as u64, &a1, &a2, &p));
            assert!(
                !periksa_konsistensi(m as u64, n as u64, &a2, &a1, &p),
                "swapped roots"
            );
            assert!(
                !periksa_konsistensi(m as u64, n as u64, &a1, &a2, &p[1..]),
                "truncated"
            );
        }
    }

    proptest! {
        #[test]
        fn every_proof_of_every_size_verifies(n in 1usize..40, i in 0usize..40, m in 1usize..40) {
            let d: Vec<Hash> = (0..n).map(|x| daun(&Sha256::digest(x.to_le_bytes()).into())).collect();
            let akar = akar_daun(&d);
            let i = i % n;
            prop_assert!(periksa_inklusi(i as u64, n as u64, &d[i], &bukti_inklusi(&d, i), &akar));
            let m = 1 + (m - 1) % n;
            let a1 = akar_daun(&d[..m]);
            prop_assert!(periksa_konsistensi(m as u64, n as u64, &a1, &akar, &bukti_konsistensi(&d, m)));
        }

        #[test]
        fn incremental_equals_rfc_definition(n in 0usize..70) {
            let leaves: Vec<Hash> = (0..n).map(|i| Sha256::digest(i.to_le_bytes()).into()).collect();
            let mut m = Merkle::default();
            for l in &leaves { m.tambah(l); }
            prop_assert_eq!(m.akar(), mth(&leaves));
        }
    }
}
