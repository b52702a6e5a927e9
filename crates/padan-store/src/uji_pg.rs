//! Test support for the PostgreSQL backend: a real server
//! (`PADAN_PG_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`,
//! a database the tests may create others from), and databases made for
//! one test and dropped when it ends, whatever the outcome.
//!
//! Without a server, [`Server::sambung`] says so and gives `None` (the
//! test passes having checked nothing), unless `PADAN_PG=1`, as CI sets:
//! then an unreachable server fails the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicUsize, Ordering};

/// Databases made by this test process, dropped when it is done.
pub struct Server {
    admin: String,
    dibuat: Vec<String>,
}

static NOMOR: AtomicUsize = AtomicUsize::new(0);

impl Server {
    pub fn sambung() -> Option<Server> {
        let admin = std::env::var("PADAN_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        match postgres::Client::connect(&admin, postgres::NoTls) {
            Ok(_) => Some(Server {
                admin,
                dibuat: vec![],
            }),
            Err(e) if std::env::var("PADAN_PG").as_deref() != Ok("1") => {
                eprintln!("PostgreSQL tidak terjangkau ({e}): uji dilewati");
                None
            }
            Err(e) => panic!("PostgreSQL tidak terjangkau di {admin}: {e}"),
        }
    }

    /// A new, empty database; its URL.
    pub fn basis_baru(&mut self) -> String {
        let nama = format!(
            "padan_uji_{}_{}",
            std::process::id(),
            NOMOR.fetch_add(1, Ordering::SeqCst)
        );
        let mut c = postgres::Client::connect(&self.admin, postgres::NoTls).unwrap();
        c.batch_execute(&format!("CREATE DATABASE {nama}")).unwrap();
        self.dibuat.push(nama.clone());
        let (dasar, _) = self.admin.rsplit_once('/').unwrap();
        format!("{dasar}/{nama}")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            for n in &self.dibuat {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {n} WITH (FORCE)"));
            }
        }
    }
}
