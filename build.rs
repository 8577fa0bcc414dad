//! Links the `kickoff` binary with its hot code together, and with packed relative
//! relocations, where the build machine's linker supports each.
//!
//! ## Hot code first
//!
//! The kernel maps a binary's code 64 KiB at a time around each page a process touches.
//! The few thousand functions a meeting runs lie scattered among 12 MB of code it never
//! runs (the seats' network stack, the command line's other commands), so an empty
//! meeting kept about 5 MB of code resident. `src/hot-code.txt` lists those functions,
//! as `python3 benches/hot_code.py` found them running a meeting; the linker places them
//! first, and an empty meeting keeps about 1.5 MB of code (docs/performance.md). Names
//! the list holds that the build does not have are ignored. The check links a small
//! program with the same compiler, linker and flags, so a linker without
//! `--symbol-ordering-file` (GNU ld) builds kickoff as before.
//!
//! ## Packed relocations
//!
//! `DT_RELR` where the C toolchain and C library of the build machine support them (GNU
//! ld 2.38 or later, or lld, and glibc 2.36 or later).
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

use std::path::{Path, PathBuf};
use std::process::Command;

const FLAG: &str = "-Wl,-z,pack-relative-relocs";
const HOT_CODE: &str = "src/hot-code.txt";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={HOT_CODE}");
    if packed_relocations_work() {
        println!("cargo:rustc-link-arg-bins={FLAG}");
    }
    if let Some(flags) = hot_code_flags() {
        for flag in flags {
            println!("cargo:rustc-link-arg-bin=kickoff={flag}");
        }
    }
}

/// The linker flags that place the functions in [`HOT_CODE`] first, when the linker
/// rustc uses for this build takes them.
fn hot_code_flags() -> Option<[String; 2]> {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR")?);
    // The linker reads a copy in the build's own folder: a build reused from another
    // checkout sharing the target folder must not name a file that may be gone.
    let list = PathBuf::from(std::env::var_os("OUT_DIR")?).join("hot-code.txt");
    std::fs::copy(manifest.join(HOT_CODE), &list).ok()?;
    let list = list.to_str()?;
    let flags = [
        format!("-Wl,--symbol-ordering-file={list}"),
        "-Wl,--no-warn-symbol-ordering".to_owned(),
    ];
    links_with(&flags).then_some(flags)
}

/// Whether rustc links an empty program for the target with `flags`, through the same
/// linker and flags as the build.
fn links_with(flags: &[String]) -> bool {
    let (Some(rustc), Some(out), Ok(target)) = (
        std::env::var_os("RUSTC"),
        std::env::var_os("OUT_DIR").map(PathBuf::from),
        std::env::var("TARGET"),
    ) else {
        return false;
    };
    let source = out.join("ordering_probe.rs");
    if std::fs::write(&source, "fn main() {}\n").is_err() {
        return false;
    }
    let mut command = Command::new(rustc);
    command
        .args(["--edition=2021", "--crate-type=bin", "--target", &target])
        .arg("-o")
        .arg(out.join("ordering_probe"))
        .arg(&source);
    let build_flags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    command.args(build_flags.split('\x1f').filter(|f| !f.is_empty()));
    if let Some(linker) = std::env::var_os("RUSTC_LINKER") {
        command
            .arg("-C")
            .arg(format!("linker={}", Path::new(&linker).display()));
    }
    for flag in flags {
        command.arg("-C").arg(format!("link-arg={flag}"));
    }
    command.output().is_ok_and(|o| o.status.success())
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
