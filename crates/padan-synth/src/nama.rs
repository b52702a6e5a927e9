//! Indonesian names with realistic shape: frequent first tokens first (the
//! list order drives a Zipf draw), many single names, titles, pre-1972
//! spellings, Muhammad variants, BIN/BINTI.

pub const LAKI: &[&str] = &[
    "MUHAMMAD",
    "AHMAD",
    "AGUS",
    "BUDI",
    "SLAMET",
    "EKO",
    "JOKO",
    "BAMBANG",
    "HADI",
    "ANDI",
    "RUDI",
    "DWI",
    "ARIF",
    "HENDRA",
    "WAHYU",
    "SUGENG",
    "SUPRIYADI",
    "SUYANTO",
    "HERU",
    "TEGUH",
    "RIZKY",
    "FAJAR",
    "ADITYA",
    "DIMAS",
    "YUSUF",
    "IMAM",
    "ABDUL",
    "SUTRISNO",
    "SUPARMAN",
    "SUKARDI",
    "PRIYO",
    "YOGI",
    "BAYU",
    "DEDI",
    "HARI",
    "IWAN",
    "KUSNADI",
    "LUKMAN",
    "MULYADI",
    "NUR",
    "PURNOMO",
    "RAHMAT",
    "SAIFUL",
    "SETIYO",
    "TRI",
    "UMAR",
    "WAWAN",
    "YANTO",
    "ZAINAL",
    "ANTON",
    "CAHYONO",
    "DANANG",
    "EDI",
    "FIRMAN",
    "GUNAWAN",
    "HASAN",
    "ILHAM",
    "JUNAEDI",
    "KHOIRUL",
    "MARTO",
    "NANANG",
    "PARDI",
    "RIYADI",
    "SUGIANTO",
    "TONI",
    "WIDODO",
    "YUDI",
    "SUKIRMAN",
    "SUPRAPTO",
    "SUWARNO",
    "ALI",
    "ROHMAN",
    "HUSEIN",
    "SYAIFUDIN",
    "JUMADI",
    "KASIMAN",
    "SARIPAN",
    "TUKIMAN",
    "SUROTO",
    "RAMLI",
];

pub const PEREMPUAN: &[&str] = &[
    "SITI",
    "SRI",
    "DEWI",
    "NUR",
    "RATNA",
    "ENDANG",
    "YULI",
    "SUSANTI",
    "WATI",
    "PUJI",
    "RINA",
    "ANI",
    "TITIK",
    "LESTARI",
    "RAHAYU",
    "WAHYUNI",
    "KARTINI",
    "SUMIATI",
    "SUPARTI",
    "SUWARNI",
    "TUMINI",
    "SAMIRAH",
    "MARYAM",
    "FATIMAH",
    "AISYAH",
    "INDAH",
    "LINDA",
    "MAYA",
    "NOVI",
    "PUTRI",
    "RISKA",
    "SEPTI",
    "TRI",
    "UMI",
    "YANTI",
    "ZAHRA",
    "ASTUTI",
    "ENI",
    "HARTINI",
    "IKA",
    "JUMIATI",
    "KUSMIATI",
    "LILIK",
    "MUJIATI",
    "NINGSIH",
    "PARTINI",
    "RUKAYAH",
    "SULASTRI",
    "TATIK",
    "WINARSIH",
    "YATMI",
    "DIAH",
    "ERNA",
    "FITRI",
    "KHOTIMAH",
    "NURUL",
    "SITI AMINAH",
    "SUPIATI",
    "MISNAH",
    "SAINEM",
    "JUMINAH",
];

pub const NAMA_BELAKANG_L: &[&str] = &[
    "SANTOSO",
    "WIBOWO",
    "PRASETYO",
    "SETIAWAN",
    "KURNIAWAN",
    "HIDAYAT",
    "SAPUTRA",
    "WIJAYA",
    "NUGROHO",
    "HARTONO",
    "PURNOMO",
    "SUSILO",
    "RAHMAN",
    "HAKIM",
    "FIRMANSYAH",
    "SETIADI",
    "GUNAWAN",
    "SUBAGYO",
    "WAHYUDI",
    "SULISTYO",
    "HERMAWAN",
    "PRATAMA",
    "RAMADHAN",
    "MAULANA",
    "HIDAYATULLAH",
    "ARIFIN",
    "SYAHPUTRA",
    "SUPRIYANTO",
    "SUGIARTO",
    "WALUYO",
    "UTOMO",
    "SUTRISNO",
    "ABIDIN",
    "ISKANDAR",
    "BASUKI",
    "YULIANTO",
    "SUHARTO",
    "SUPARDI",
    "HARYANTO",
    "MULYONO",
];

pub const NAMA_BELAKANG_P: &[&str] = &[
    "RAHAYU",
    "LESTARI",
    "WULANDARI",
    "PURWANTI",
    "HANDAYANI",
    "SARI",
    "NINGSIH",
    "ASTUTI",
    "SUSILOWATI",
    "KURNIASIH",
    "MULYANI",
    "FITRIANI",
    "RAHMAWATI",
    "SETYAWATI",
    "WIDYASTUTI",
    "PRATIWI",
    "KARTIKA",
    "ANGGRAINI",
    "PUSPITASARI",
    "NURHAYATI",
    "SUSANTI",
    "HIDAYATI",
    "MARLINA",
    "YULIANA",
    "SAFITRI",
    "UTAMI",
    "AMINAH",
    "ROHMAH",
    "ZULAIKHA",
    "MAHMUDAH",
];

pub const MUHAMMAD: &[(&str, u32)] = &[
    ("MUHAMMAD", 40),
    ("MUHAMAD", 15),
    ("MOHAMMAD", 12),
    ("MOHAMAD", 8),
    ("MOCHAMMAD", 7),
    ("MOCHAMAD", 4),
    ("MOCH.", 6),
    ("MOH.", 4),
    ("MUH.", 2),
    ("M.", 2),
];

pub const GELAR_DEPAN_L: &[&str] = &["H.", "DRS.", "IR.", "DR."];
pub const GELAR_DEPAN_P: &[&str] = &["HJ.", "DRA.", "IR."];
pub const GELAR_BELAKANG: &[&str] = &[
    "S.PD.", "S.H.", "S.E.", "S.KOM.", "A.MD.", "S.AG.", "S.T.", "M.PD.",
];

/// Pre-1972 (ejaan lama) spelling of a name written in EYD: U→OE, J→DJ,
/// C→TJ, Y→J, SY→SJ, KH→CH.
pub fn ejaan_lama(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let b: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        match (c, next) {
            ('S', Some('Y')) => {
                out.push_str("SJ");
                i += 2;
                continue;
            }
            ('K', Some('H')) => {
                out.push_str("CH");
                i += 2;
                continue;
            }
            ('U', _) => out.push_str("OE"),
            ('J', _) => out.push_str("DJ"),
            ('C', _) => out.push_str("TJ"),
            ('Y', _) => out.push('J'),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn old_spellings() {
        assert_eq!(super::ejaan_lama("SUKARNO"), "SOEKARNO");
        assert_eq!(super::ejaan_lama("JOKO"), "DJOKO");
        assert_eq!(super::ejaan_lama("CAHYONO"), "TJAHJONO");
        assert_eq!(super::ejaan_lama("YUSUF"), "JOESOEF");
    }
}
