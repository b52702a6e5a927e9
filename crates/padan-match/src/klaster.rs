//! Clustering: union-find over the pairs that pass the threshold, with a
//! guard against chaining.

/// Union-find with path halving and union by size.
pub struct UnionFind {
    induk: Vec<u32>,
    ukuran: Vec<u32>,
}

impl UnionFind {
    pub fn baru(n: usize) -> UnionFind {
        UnionFind {
            induk: (0..n as u32).collect(),
            ukuran: vec![1; n],
        }
    }

    pub fn akar(&mut self, mut x: u32) -> u32 {
        while self.induk[x as usize] != x {
            let i = x as usize;
            self.induk[i] = self.induk[self.induk[i] as usize];
            x = self.induk[i];
        }
        x
    }

    pub fn gabung(&mut self, a: u32, b: u32) {
        let (mut a, mut b) = (self.akar(a), self.akar(b));
        if a == b {
            return;
        }
        if self.ukuran[a as usize] < self.ukuran[b as usize] {
            std::mem::swap(&mut a, &mut b);
        }
        self.induk[b as usize] = a;
        self.ukuran[a as usize] += self.ukuran[b as usize];
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn chains_join() {
        let mut u = super::UnionFind::baru(5);
        u.gabung(0, 1);
        u.gabung(3, 4);
        u.gabung(1, 4);
        assert_eq!(u.akar(0), u.akar(3));
        assert_ne!(u.akar(0), u.akar(2));
    }
}

/// Why a cluster needs a person to look at it rather than a decision.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "alasan")]
pub enum Tinjau {
    /// Two members joined only through others (A–B and B–C pass, A–C does
    /// not): chaining, not agreement.
    TidakSepakat { a: u32, b: u32, peluang: f64 },
    /// More members than one person is ever listed.
    TerlaluBesar { anggota: usize },
}

/// A group of records taken as one person.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Klaster {
    /// Indices, ascending.
    pub anggota: Vec<u32>,
    /// Set when the group must be reviewed, not decided.
    pub tinjau: Option<Tinjau>,
}

/// Most members a cluster may have before it is sent for review.
pub const MAKS_ANGGOTA: usize = 8;

/// Clusters of the pairs at or above `ambang` (those given), with the
/// chaining guard: in a cluster of three or more, every two members must
/// agree directly (`peluang(a, b)` ≥ `ambang`), or the cluster is sent for
/// review naming the weakest pair. Clusters of one are not returned.
pub fn klaster(
    n: usize,
    lolos: impl Iterator<Item = (u32, u32)>,
    ambang: f64,
    peluang: impl Fn(u32, u32) -> f64,
) -> Vec<Klaster> {
    let mut uf = UnionFind::baru(n);
    for (a, b) in lolos {
        uf.gabung(a, b);
    }
    // Members grouped by sorting (root, member): one allocation, where a
    // map of vectors made one per cluster (a fifth of a large run's page
    // faults in profiles).
    let mut per_akar: Vec<(u32, u32)> = (0..n as u32)
        .filter_map(|i| {
            let r = uf.akar(i);
            (uf.ukuran[r as usize] > 1).then_some((r, i))
        })
        .collect();
    per_akar.sort_unstable();
    let mut out: Vec<Klaster> = per_akar
        .chunk_by(|a, b| a.0 == b.0)
        .map(|c| c.iter().map(|x| x.1).collect::<Vec<u32>>())
        .map(|anggota| {
            let tinjau = if anggota.len() > MAKS_ANGGOTA {
                Some(Tinjau::TerlaluBesar {
                    anggota: anggota.len(),
                })
            } else if anggota.len() > 2 {
                let mut terlemah: Option<(u32, u32, f64)> = None;
                for (i, &a) in anggota.iter().enumerate() {
                    for &b in &anggota[i + 1..] {
                        let p = peluang(a, b);
                        if p < ambang && terlemah.is_none_or(|t| p < t.2) {
                            terlemah = Some((a, b, p));
                        }
                    }
                }
                terlemah.map(|(a, b, peluang)| Tinjau::TidakSepakat { a, b, peluang })
            } else {
                None
            };
            Klaster { anggota, tinjau }
        })
        .collect();
    out.sort_by_key(|k| k.anggota[0]);
    out
}

#[cfg(test)]
mod tests_klaster {
    use super::*;

    #[test]
    fn a_chain_is_sent_for_review_and_a_clique_is_not() {
        // 0–1 and 1–2 pass; 0–2 does not: a chain.
        let p = |a: u32, b: u32| match (a.min(b), a.max(b)) {
            (0, 2) => 0.1,
            (3, 5) => 0.9,
            _ => 0.99,
        };
        let k = klaster(6, [(0, 1), (1, 2), (3, 4), (4, 5)].into_iter(), 0.5, p);
        assert_eq!(k.len(), 2);
        assert_eq!(k[0].anggota, [0, 1, 2]);
        assert_eq!(
            k[0].tinjau,
            Some(Tinjau::TidakSepakat {
                a: 0,
                b: 2,
                peluang: 0.1
            })
        );
        assert_eq!(k[1].anggota, [3, 4, 5]);
        assert_eq!(k[1].tinjau, None, "every two agree");
        let besar = klaster(10, (0..9).map(|i| (i, i + 1)), 0.5, |_, _| 1.0);
        assert!(matches!(
            besar[0].tinjau,
            Some(Tinjau::TerlaluBesar { anggota: 10 })
        ));
    }
}
