//! Clustering: union-find over the pairs that pass the threshold.

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
