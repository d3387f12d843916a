//! What a new user tripped on (issue 13, part 2): each item with the test that shows it fixed.

use predicates::prelude::*;

use super::support::cmd;

#[test]
fn a_directory_walk_finds_reports_in_json_style_and_with_a_quoted_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("json.yaml"),
        "{\"region\": \"Region Kalmar län\", \"rapportar\": 2020}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("quoted.yaml"),
        "region: Region Kalmar län\n'rapportar': 2020\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("ci.yaml"), "jobs: {}\n").unwrap();
    cmd()
        .args(["check", "--format", "concise", "--lang", "en"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("json.yaml:"))
        .stdout(predicate::str::contains("quoted.yaml:"))
        .stdout(predicate::str::contains("ci.yaml").not())
        .stdout(predicate::str::contains("Checked 2 files"));
}
