#!/usr/bin/env python3
"""Rebuilds the built-in region list of padan-core from the official
Kemendagri list (kode, nama TSV; MIT, see crates/padan-core/data/LICENSE-wilayah):

    scripts/wilayah-bawaan.py ../shared/data/wilayah/wilayah.tsv

writes crates/padan-core/data/wilayah.tsv.z (zlib, level 9), which
`Wilayah::bawaan()` decompresses at first use. `padan region import` stays
for a newer list in one workspace without a rebuild."""
import pathlib, sys, zlib

src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/wilayah/wilayah.tsv")
dst = pathlib.Path(__file__).resolve().parent.parent / "crates/padan-core/data/wilayah.tsv.z"
data = src.read_bytes()
if not data.startswith(b"kode\tnama"):
    sys.exit(f"{src}: expected a 'kode<TAB>nama' header")
dst.write_bytes(zlib.compress(data, 9))
print(f"{dst}: {len(data)} bytes -> {dst.stat().st_size} bytes")
