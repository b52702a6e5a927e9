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

/// The reference definition, recursive, for tests.
#[cfg(test)]
fn mth(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => Sha256::digest(b"").into(),
        1 => daun(&leaves[0]),
        n => {
            let k = n.next_power_of_two() / 2;
            let k = if k == n { n / 2 } else { k };
            simpul(&mth(&leaves[..k]), &mth(&leaves[k..]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn incremental_equals_rfc_definition(n in 0usize..70) {
            let leaves: Vec<Hash> = (0..n).map(|i| Sha256::digest(i.to_le_bytes()).into()).collect();
            let mut m = Merkle::default();
            for l in &leaves { m.tambah(l); }
            prop_assert_eq!(m.akar(), mth(&leaves));
        }
    }
}
