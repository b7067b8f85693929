//! The Python virtualenv the interop tests check dossier's output with: the reference
//! tools their users run (stix2-validator, PyMISP, taxii2-client), installed from PyPI
//! once per target directory and reused. Included by path from the export and server
//! tests, so both use one environment and one package list.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What the environment holds. stix2-validator 3.3.1 on PyPI ships without its JSON
/// schemas (every object fails), hence the pin.
pub const PACKAGES: [&str; 3] = ["stix2-validator==3.2.0", "pymisp", "taxii2-client"];

/// The cargo target directory: the test binary lives in `<target>/debug/deps`.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir)
}

/// The virtualenv's Python (`$DOSSIER_PYENV`, else `<target>/dossier-export-pyenv`),
/// created if missing and topped up when its `.ready` marker lists other packages.
pub fn python() -> Result<PathBuf, String> {
    let venv = std::env::var_os("DOSSIER_PYENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("dossier-export-pyenv"));
    let py = venv.join("bin").join("python");
    let ready = venv.join(".ready");
    let wanted = PACKAGES.join("\n");
    if py.exists() && std::fs::read_to_string(&ready).is_ok_and(|r| r == wanted) {
        return Ok(py);
    }
    let run = |cmd: &mut Command| -> Result<(), String> {
        let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{cmd:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    };
    if !py.exists() {
        eprintln!("creating {} (once) ...", venv.display());
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    }
    run(Command::new(&py)
        .args(["-m", "pip", "install", "-q", "--disable-pip-version-check"])
        .args(PACKAGES))?;
    std::fs::write(&ready, wanted).map_err(|e| e.to_string())?;
    Ok(py)
}
