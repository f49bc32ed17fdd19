//! The `coproduce` binary's commands against a real embedded (file) database.

use std::process::Command;

/// Runs the binary; returns success, stdout, and stdout followed by stderr (for messages).
fn run(data_dir: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_coproduce"))
        .args(args)
        .env("COPRODUCE_DATA_DIR", data_dir)
        .env("RUST_LOG", "error")
        .output()
        .expect("run coproduce");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let all = stdout.clone() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), stdout, all)
}

fn coproduce(data_dir: &std::path::Path, args: &[&str]) -> (bool, String) {
    let (ok, _, all) = run(data_dir, args);
    (ok, all)
}

#[test]
fn organisations_and_boards_are_managed_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("coproduce-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);

    let (ok, out) = coproduce(
        &dir,
        &[
            "org",
            "create",
            "--slug",
            "kiez-treff",
            "--name",
            "Kiez Treff",
            "--admin-email",
            "admin@kiez.example",
        ],
    );
    assert!(ok, "{out}");
    assert!(out.contains("Password (shown once):"), "{out}");

    let (ok, out) = coproduce(
        &dir,
        &[
            "org",
            "create",
            "--slug",
            "kiez-treff",
            "--name",
            "Again",
            "--admin-email",
            "other@kiez.example",
        ],
    );
    assert!(!ok, "a taken slug is refused: {out}");
    let (ok, _) = coproduce(
        &dir,
        &[
            "org",
            "create",
            "--slug",
            "Bad Slug",
            "--name",
            "X",
            "--admin-email",
            "x@kiez.example",
        ],
    );
    assert!(!ok, "an invalid slug is refused");

    let (ok, out) = coproduce(
        &dir,
        &[
            "org",
            "allow-origins",
            "--org",
            "kiez-treff",
            "https://www.kiez.example",
        ],
    );
    assert!(ok, "{out}");
    let (ok, out, _) = run(
        &dir,
        &[
            "board",
            "create",
            "--org",
            "kiez-treff",
            "--key",
            "spielplatz",
            "--title",
            "Spielplatz",
            "--question",
            "Was braucht der Spielplatz?",
        ],
    );
    assert!(ok, "{out}");
    assert_eq!(out.trim().lines().last(), Some("spielplatz"));

    let (ok, out, _) = run(&dir, &["org", "list"]);
    assert!(ok, "{out}");
    assert!(
        out.contains("kiez-treff\tKiez Treff\thttps://www.kiez.example"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn help_explains_the_commands_and_settings() {
    let dir = std::env::temp_dir();
    let (ok, out) = coproduce(&dir, &["--help"]);
    assert!(ok);
    for word in [
        "serve",
        "org",
        "board",
        "static-site",
        "COPRODUCE_DATABASE__URL",
    ] {
        assert!(out.contains(word), "--help mentions {word}: {out}");
    }
}
