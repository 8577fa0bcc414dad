//! Links the `kickoff` binary with packed relative relocations (`DT_RELR`) where the C
//! toolchain and C library of the build machine support them (GNU ld 2.38 or later, or
//! lld, and glibc 2.36 or later).
//!
//! A position-independent binary carries one 24-byte relocation record for every pointer
//! in its static data (vtables, tables of strings, time zone data): 1.5 MB of records
//! here, which the dynamic loader reads page by page at every start. Packed, the same
//! relocations take 25 KB, and the running meeting holds about 2 MiB less
//! (docs/performance.md). Nothing else changes: the loader applies the same relocations.
//!
//! The check builds and runs a small C program linked the same way, so a machine whose
//! linker or C library lacks the feature (glibc before 2.36 refuses to start such a
//! binary) builds kickoff as before. Cross builds are left as they are.

use std::path::PathBuf;
use std::process::Command;

const FLAG: &str = "-Wl,-z,pack-relative-relocs";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if packed_relocations_work() {
        println!("cargo:rustc-link-arg-bins={FLAG}");
    }
}

/// Whether a C program with relative relocations, linked with [`FLAG`], builds and runs.
fn packed_relocations_work() -> bool {
    let target = std::env::var("TARGET").unwrap_or_default();
    let host = std::env::var("HOST").unwrap_or_default();
    if target != host || !target.ends_with("-linux-gnu") {
        return false;
    }
    let Some(out) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        return false;
    };
    let source = out.join("relr_probe.c");
    let program = out.join("relr_probe");
    // Pointers in static data: each needs a relative relocation in a PIE.
    let text = "static const char *const words[] = {\"a\", \"b\", \"c\", \"d\"};\n\
                int main(void) { return words[3][0] != 'd'; }\n";
    if std::fs::write(&source, text).is_err() {
        return false;
    }
    let built = Command::new("cc")
        .args(["-fPIE", "-pie", FLAG, "-o"])
        .arg(&program)
        .arg(&source)
        .output()
        .is_ok_and(|o| o.status.success());
    built && Command::new(&program).status().is_ok_and(|s| s.success())
}
