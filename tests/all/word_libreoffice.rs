//! A second real producer: LibreOffice's conversion of the rendered Word report (its own styles,
//! numbering and tables) imports value for value, as the other producers' files do. Runs when
//! `soffice` or `libreoffice` is on PATH; otherwise it says so and passes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::support::root;
use super::word_from_producers::{assert_imports_like_source, style_docx};
use super::word_producers::Style;

fn office() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["soffice", "libreoffice"].map(|n| dir.join(n)))
        .find(|p| p.is_file())
}

/// `soffice --headless --convert-to docx` with a profile of its own, killed after two minutes.
fn convert(office: &Path, input: &Path, outdir: &Path, profile: &Path) -> Vec<u8> {
    let mut child = Command::new(office)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
        ])
        .arg(outdir)
        .arg(input)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "soffice: {status}");
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("soffice took over two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let name = input.file_name().unwrap();
    std::fs::read(outdir.join(name)).unwrap()
}

/// The report at `path` rendered by `aterrapport render --format docx` (forced: the Skåne
/// report has one error of its own, AR401).
fn rendered(path: &str, out: &Path) {
    assert_cmd::Command::cargo_bin("aterrapport")
        .unwrap()
        .args(["render", "--format", "docx", "--force", "-o"])
        .arg(out)
        .arg(root().join(path))
        .assert()
        .success();
}

#[test]
fn libreoffices_conversions_import_value_for_value() {
    let Some(office) = office() else {
        println!("SKIP: no soffice or libreoffice on PATH");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");
    let outdir = dir.path().join("out");
    std::fs::create_dir(&outdir).unwrap();
    for (i, path) in ["examples/skane-2020.yaml", "examples/exempel-2020.yaml"]
        .iter()
        .enumerate()
    {
        let input = dir.path().join(format!("rendered-{i}.docx"));
        rendered(path, &input);
        let converted = convert(&office, &input, &outdir, &profile);
        assert_imports_like_source(path, &converted, "LibreOffice, from render");
    }
    // Style B (typed headings and bullets, checkbox content controls) as LibreOffice saves it.
    let path = "examples/exempel-2020.yaml";
    let input = dir.path().join("style-b.docx");
    std::fs::write(&input, style_docx(path, Style::B)).unwrap();
    let converted = convert(&office, &input, &outdir, &profile);
    assert_imports_like_source(path, &converted, "LibreOffice, from style B");
}
