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

/// `org create` for the organisation these tests manage.
const CREATE_KIEZ_TREFF: [&str; 8] = [
    "org",
    "create",
    "--slug",
    "kiez-treff",
    "--name",
    "Kiez Treff",
    "--admin-email",
    "admin@kiez.example",
];

/// Runs the binary with its own default logging (no `RUST_LOG`), as a person would.
fn run_as_shipped(data_dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_coproduce"))
        .args(args)
        .env("COPRODUCE_DATA_DIR", data_dir)
        .env_remove("RUST_LOG")
        .output()
        .expect("run coproduce")
}

fn coproduce(data_dir: &std::path::Path, args: &[&str]) -> (bool, String) {
    let (ok, _, all) = run(data_dir, args);
    (ok, all)
}

#[test]
fn organisations_and_boards_are_managed_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("coproduce-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);

    let (ok, out) = coproduce(&dir, &CREATE_KIEZ_TREFF);
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
    let board = |extra: &[&str]| {
        let mut args = vec![
            "board",
            "create",
            "--org",
            "kiez-treff",
            "--title",
            "Spielplatz",
        ];
        args.extend_from_slice(&["--question", "Was braucht der Spielplatz?"]);
        args.extend_from_slice(extra);
        let (ok, out, _) = run(&dir, &args);
        assert!(ok, "{out}");
        out.trim().lines().last().unwrap_or_default().to_string()
    };
    assert_eq!(board(&["--key", "spielplatz"]), "spielplatz");
    // Without --key the key is made of the title's words, numbered when taken.
    assert_eq!(board(&[]), "spielplatz-2");

    let (ok, out, _) = run(&dir, &["org", "list"]);
    assert!(ok, "{out}");
    assert!(
        out.contains("kiez-treff\tKiez Treff\ton\thttps://www.kiez.example"),
        "{out}"
    );
    // Switched off and on again by the operator.
    let (ok, out) = coproduce(&dir, &["org", "disable", "--org", "kiez-treff"]);
    assert!(ok && out.contains("kiez-treff is switched off."), "{out}");
    let (_, out, _) = run(&dir, &["org", "list"]);
    assert!(out.contains("kiez-treff\tKiez Treff\toff"), "{out}");
    let (ok, out) = coproduce(&dir, &["org", "enable", "--org", "kiez-treff"]);
    assert!(ok && out.contains("kiez-treff is switched on."), "{out}");
    let (ok, out) = coproduce(&dir, &["org", "disable", "--org", "nobody-here"]);
    assert!(!ok && out.contains("no such organisation"), "{out}");
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

#[test]
fn org_and_board_commands_run_through_the_server_that_holds_the_database() {
    let dir = std::env::temp_dir().join(format!("coproduce-cli-lock-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut server = Command::new(env!("CARGO_BIN_EXE_coproduce"))
        .arg("serve")
        .env("COPRODUCE_DATA_DIR", &dir)
        .env("COPRODUCE_HTTP__PORT", "0")
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the server");
    // `serve` writes the operator's file once it holds the database and listens.
    let operator = dir.join("operator");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !operator.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let url =
        serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&operator).unwrap())
            .unwrap()["url"]
            .as_str()
            .unwrap()
            .to_string();

    // While it serves: the server runs the command, and says only the answer.
    let done = run_as_shipped(&dir, &CREATE_KIEZ_TREFF);
    let (out, said) = (
        String::from_utf8_lossy(&done.stdout).to_string(),
        String::from_utf8_lossy(&done.stderr).to_string(),
    );
    assert!(done.status.success(), "{said}");
    assert!(
        out.starts_with("Created organisation kiez-treff.")
            && out.contains("Password (shown once): "),
        "{out}"
    );
    assert!(said.is_empty(), "nothing but the answer: {said}");
    let board = run_as_shipped(
        &dir,
        &[
            "board",
            "create",
            "--org",
            "kiez-treff",
            "--title",
            "Garden",
            "--question",
            "What grows?",
        ],
    );
    assert!(board.status.success());
    let key = String::from_utf8_lossy(&board.stdout).trim().to_string();
    let seen = std::process::Command::new("curl")
        .args([
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            &format!("{url}/o/kiez-treff/ideas/{key}"),
        ])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
        .unwrap_or_default();
    assert_eq!(seen, "200", "the server shows the new board at once");
    // Refused by the server: the person reads why.
    let again = run_as_shipped(&dir, &CREATE_KIEZ_TREFF);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already"),
        "{again:?}"
    );

    // A server that left no operator's file (an older release): the database is in use.
    std::fs::remove_file(&operator).unwrap();
    let busy = run_as_shipped(&dir, &["org", "list"]);
    let said = String::from_utf8_lossy(&busy.stderr).to_string();
    assert!(!busy.status.success());
    assert!(said.contains("in use by another process"), "{said}");
    assert!(!said.contains("INFO"), "no storage engine chatter: {said}");

    // Killed, the server lets go; the command opens the database itself.
    let _ = server.kill();
    let _ = server.wait();
    let listed = run_as_shipped(&dir, &["org", "list"]);
    assert!(listed.status.success());
    assert!(String::from_utf8_lossy(&listed.stdout).starts_with("kiez-treff\tKiez Treff"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn logs_come_as_one_json_object_a_line_when_asked() {
    let dir = std::env::temp_dir().join(format!("coproduce-cli-json-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_coproduce"))
        .args(["--log-format", "json"])
        .args(CREATE_KIEZ_TREFF)
        .env("COPRODUCE_DATA_DIR", &dir)
        .env("RUST_LOG", "coproduce=info")
        .output()
        .expect("run coproduce");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(!lines.is_empty(), "the migrations are logged");
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(line).expect(line);
        assert!(
            v["timestamp"].is_string() && v["level"].is_string(),
            "{line}"
        );
        assert!(v["fields"]["message"].is_string(), "{line}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
