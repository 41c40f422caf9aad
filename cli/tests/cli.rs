//! The CLI as a person or a CI job uses it: real process, real files.

use std::path::PathBuf;
use std::process::{Command, Output};

fn tfdesign(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tfdesign"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tfdesign-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn presets_lists_every_preset() {
    let o = tfdesign(&["presets"]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        tfdesign_core::presets::NAMES
    );
}

#[test]
fn generate_twice_gives_identical_zips() {
    let dir = temp("zip");
    let a = dir.join("a.zip");
    let b = dir.join("b.zip");
    for p in [&a, &b] {
        let o = tfdesign(&[
            "generate",
            "--preset",
            "sports-cards",
            "--out",
            p.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[test]
fn generate_to_a_folder_round_trips_through_its_design_file() {
    let dir = temp("folder");
    let out = dir.join("bundle");
    let o = tfdesign(&[
        "generate",
        "--preset",
        "minimal",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out
        .join("environments/web-api/eu-west-1/dev/main.tf")
        .is_file());

    // Refuses to overwrite a non-empty folder without --force, and leaves it as it was.
    let before = std::fs::read(out.join("README.md")).unwrap();
    let o = tfdesign(&[
        "generate",
        "--preset",
        "sports-cards",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("not empty") && stderr(&o).contains("--force"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(out.join("README.md")).unwrap(), before);

    // The bundle's own tfdesign.json regenerates the same files.
    let again = dir.join("again");
    let design = out.join("tfdesign.json");
    let o = tfdesign(&[
        "generate",
        "--design",
        design.to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(again.join("README.md")).unwrap(), before);

    let o = tfdesign(&[
        "generate",
        "--preset",
        "sports-cards",
        "--out",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out
        .join("environments/card-catalog-api/us-west-2/prod/main.tf")
        .is_file());
    assert!(
        !out.join("environments/web-api").exists(),
        "--force replaces the old contents"
    );
}

#[test]
fn bad_input_gets_one_clear_message_and_writes_nothing() {
    let dir = temp("bad");
    let cases: Vec<(&str, &str)> = vec![
        ("not json at all", "not valid JSON"),
        ("{\"version\": 99}", "schema version 99"),
        ("{\"project\": \"x\"}", "version"),
        ("{\"version\": 1, \"project\": 5}", "expected shape"),
        ("[1, 2]", "version"),
    ];
    for (i, (text, expected)) in cases.iter().enumerate() {
        let file = dir.join(format!("d{i}.json"));
        std::fs::write(&file, text).unwrap();
        let out = dir.join(format!("out{i}"));
        let o = tfdesign(&[
            "generate",
            "--design",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{text}");
        let err = stderr(&o);
        assert!(err.contains(expected), "{text}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(!out.exists(), "nothing is written for {text}");
    }
    let o = tfdesign(&[
        "validate",
        "--design",
        dir.join("missing.json").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read the design file"));
    let o = tfdesign(&["design", "--preset", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("sports-cards"));
}

#[test]
fn validate_reports_errors_with_paths_and_exit_1() {
    let dir = temp("validate");
    let mut design = tfdesign_core::presets::minimal();
    design.services[0].name = "Web API".into();
    design.tiers[0].compute.asg_desired = 9;
    let file = dir.join("d.json");
    std::fs::write(&file, design.to_json()).unwrap();
    let o = tfdesign(&[
        "validate",
        "--design",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let diagnostics: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<&str> = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"/services/0/name"), "{paths:?}");
    assert!(paths.contains(&"/tiers/0/compute/asg_desired"), "{paths:?}");
    let out = dir.join("never");
    let o = tfdesign(&[
        "generate",
        "--design",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
    // The preset has no error at all: no design, schema, wiring or apply-time rule error.
    let o = tfdesign(&["validate", "--preset", "sports-cards", "--format", "json"]);
    let found: Vec<serde_json::Value> =
        serde_json::from_slice(&o.stdout).expect("json diagnostics");
    let blocking: Vec<&serde_json::Value> =
        found.iter().filter(|d| d["severity"] == "error").collect();
    assert!(blocking.is_empty(), "{blocking:#?}");
    assert_eq!(
        o.status.success(),
        found.iter().all(|d| d["severity"] != "error")
    );
    let text = tfdesign(&["validate", "--preset", "sports-cards"]);
    let text = String::from_utf8_lossy(&text.stdout);
    for d in found.iter().filter(|d| d["rule"].is_string()) {
        assert!(text.contains(d["doc"].as_str().expect("doc URL")), "{d}");
    }
}

#[test]
fn schema_and_design_print_json() {
    let o = tfdesign(&["schema"]);
    let schema: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(schema["properties"]["services"].is_object());
    let o = tfdesign(&["design", "--preset", "sports-cards"]);
    let design = tfdesign_core::Design::from_json(&String::from_utf8(o.stdout).unwrap()).unwrap();
    assert_eq!(design, tfdesign_core::presets::sports_cards());
}

#[test]
fn link_encode_and_decode_round_trip_and_refuse_bad_links() {
    let stdout = |o: &Output| String::from_utf8_lossy(&o.stdout).into_owned();
    // A preset: the bare payload, then an address that opens it.
    let o = tfdesign(&["link", "encode", "--preset", "sports-cards"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let payload = stdout(&o).trim().to_string();
    assert!(
        payload.starts_with("v1.") && payload.len() <= 1000,
        "{payload}"
    );
    let o = tfdesign(&[
        "link",
        "encode",
        "--preset",
        "sports-cards",
        "--base",
        "https://example.org/tfdesign/#old",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let address = stdout(&o).trim().to_string();
    assert_eq!(address, format!("https://example.org/tfdesign/#{payload}"));
    let o = tfdesign(&["link", "decode", &address]);
    assert!(o.status.success(), "{}", stderr(&o));
    let preset = tfdesign(&["design", "--preset", "sports-cards"]);
    assert_eq!(stdout(&o), stdout(&preset));

    // A design file: its link decodes to the same design.
    let dir = temp("link");
    let file = dir.join("design.json");
    let mut design = tfdesign_core::presets::minimal();
    design.tags.insert("Team".into(), "données ✓".into());
    std::fs::write(&file, design.to_json()).unwrap();
    let o = tfdesign(&["link", "encode", "--design", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = tfdesign(&["link", "decode", stdout(&o).trim()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), design.to_json());

    // Bad links: exit 2, the reason on stderr, nothing on stdout, no panic.
    let cut = &payload[..payload.len() - 5];
    for (link, message) in [
        (cut, "cut off"),
        ("v9.AAAA", "newer tfdesign"),
        ("hello", "not a tfdesign link"),
        ("v1.ab$cd", "character"),
        ("-v1", "not a tfdesign link"),
    ] {
        let o = tfdesign(&["link", "decode", link]);
        assert_eq!(o.status.code(), Some(2), "{link}: {}", stderr(&o));
        assert!(stderr(&o).contains(message), "{link}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{link}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{link}");
    }
    let o = tfdesign(&["link", "encode", "--preset", "nope"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn design_scaled_prints_the_benchmark_design_and_names_a_bad_size() {
    let out = tfdesign(&["design", "--scaled", "4,3,2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let design =
        tfdesign_core::Design::from_json(&String::from_utf8_lossy(&out.stdout)).expect("a design");
    assert_eq!(
        (
            design.services.len(),
            design.tiers.len(),
            design.regions.len()
        ),
        (4, 3, 2)
    );
    assert!(tfdesign_core::generate(&design).is_ok());
    for bad in ["4,3", "a,b,c", "0,1,1", "1,1,101"] {
        let out = tfdesign(&["design", "--scaled", bad]);
        assert!(!out.status.success(), "{bad}");
        assert!(
            stderr(&out).contains("SERVICES,TIERS,REGIONS"),
            "{bad}: {}",
            stderr(&out)
        );
    }
}

/// Every entry under `dir`: relative path → contents (a link → its target, a folder → empty).
fn snapshot(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            let m = std::fs::symlink_metadata(&p).unwrap();
            if m.file_type().is_symlink() {
                let t = std::fs::read_link(&p).unwrap();
                out.insert(rel, t.to_string_lossy().as_bytes().to_vec());
            } else if m.is_dir() {
                out.insert(rel, Vec::new());
                stack.push(p);
            } else {
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn generate_in(cwd: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tfdesign"))
        .arg("generate")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

#[test]
fn generate_refuses_the_root_the_working_folder_and_its_parents() {
    let dir = temp("refuse");
    let cwd = dir.join("work/here");
    std::fs::create_dir_all(cwd.join("x")).unwrap();
    std::fs::write(cwd.join("keep.txt"), "mine").unwrap();
    std::fs::write(cwd.join("x/keep.txt"), "mine").unwrap();
    let before = snapshot(&dir);
    let abs = cwd.to_str().unwrap().to_owned();
    // Only paths inside this test's own folder: the binary under test is whatever the shared
    // target folder holds last, and a build without these checks must not be able to do harm
    // here. `/` and mount points are refused by the same function, tested in src/output.rs
    // without running anything.
    for out in [".", "./", "..", "../..", "x/.", "x/..", &abs] {
        let o = generate_in(&cwd, &["--preset", "minimal", "--out", out, "--force"]);
        assert_eq!(o.status.code(), Some(2), "--out {out}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("refusing") || err.contains("name the folder itself"),
            "--out {out}: {err}"
        );
        assert_eq!(snapshot(&dir), before, "--out {out} touched nothing");
    }
}

#[cfg(unix)]
#[test]
fn generate_never_follows_a_link_at_the_destination() {
    let dir = temp("link-out");
    let victim = dir.join("victim");
    std::fs::create_dir(&victim).unwrap();
    std::fs::write(victim.join("precious"), "data").unwrap();
    std::os::unix::fs::symlink(&victim, dir.join("bundle")).unwrap();
    std::os::unix::fs::symlink(victim.join("precious"), dir.join("b.zip")).unwrap();
    for out in ["bundle", "b.zip"] {
        let o = generate_in(&dir, &["--preset", "minimal", "--out", out, "--force"]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    }
    assert_eq!(snapshot(&victim).len(), 1);
    assert_eq!(std::fs::read(victim.join("precious")).unwrap(), b"data");
}

#[test]
fn a_failed_force_keeps_the_previous_bundle_and_leaves_no_staging() {
    let dir = temp("force-fail");
    let out = dir.join("bundle");
    let o = generate_in(&dir, &["--preset", "minimal", "--out", "bundle"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A team folder where the new bundle writes a file: the new write cannot complete.
    let clash = out.join("environments/card-catalog-api/us-west-2/prod/main.tf");
    std::fs::create_dir_all(&clash).unwrap();
    std::fs::write(clash.join("notes"), "team").unwrap();
    std::fs::create_dir_all(out.join(".terraform/providers")).unwrap();
    std::fs::write(out.join(".terraform/providers/p"), "bin").unwrap();
    let before = snapshot(&dir);
    let o = generate_in(
        &dir,
        &["--preset", "sports-cards", "--out", "bundle", "--force"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("previous contents are unchanged"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(&dir), before, "old bundle intact, no staging left");
}

#[test]
fn force_replaces_generated_files_and_keeps_the_teams() {
    let dir = temp("force-keep");
    let out = dir.join("bundle");
    let o = generate_in(&dir, &["--preset", "minimal", "--out", "bundle"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let root = out.join("environments/web-api/eu-west-1/dev");
    std::fs::write(root.join(".terraform.lock.hcl"), "lock").unwrap();
    std::fs::create_dir_all(root.join(".terraform/modules")).unwrap();
    std::fs::write(root.join(".terraform/modules/m.json"), "{}").unwrap();
    std::fs::write(out.join("extra.tf"), "# ours\n").unwrap();
    std::fs::write(out.join("README.md"), "edited").unwrap();
    // A generated file of an older generator (header, not in either bundle) is dropped.
    std::fs::write(
        out.join("global/iam/old.tf"),
        "# Generated by tfdesign. Edit the design (tfdesign.json) and regenerate.\n",
    )
    .unwrap();
    let o = generate_in(
        &dir,
        &["--preset", "sports-cards", "--out", "bundle", "--force"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out
        .join("environments/card-catalog-api/us-west-2/prod/main.tf")
        .is_file());
    assert!(!root.join("main.tf").exists(), "old generated files go");
    assert!(!out.join("global/iam/old.tf").exists());
    assert_eq!(
        std::fs::read(root.join(".terraform.lock.hcl")).unwrap(),
        b"lock"
    );
    assert!(root.join(".terraform/modules/m.json").is_file());
    assert_eq!(std::fs::read(out.join("extra.tf")).unwrap(), b"# ours\n");
    assert_ne!(std::fs::read(out.join("README.md")).unwrap(), b"edited");
    let siblings: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(siblings, ["bundle"], "no staging or old folder left");
}

#[test]
fn zips_are_written_through_an_exclusive_temporary_file() {
    let dir = temp("zip-tmp");
    std::fs::create_dir(dir.join("folder.zip")).unwrap();
    let o = generate_in(
        &dir,
        &["--preset", "minimal", "--out", "folder.zip", "--force"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a folder"), "{}", stderr(&o));
    std::fs::write(dir.join("b.zip"), "old").unwrap();
    let o = generate_in(&dir, &["--preset", "minimal", "--out", "b.zip"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(dir.join("b.zip")).unwrap(), b"old");
    let o = generate_in(&dir, &["--preset", "minimal", "--out", "b.zip", "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(dir.join("b.zip")).unwrap().starts_with(b"PK"));
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["b.zip", "folder.zip"]);
}

#[test]
fn validate_escapes_control_characters_from_the_design() {
    let dir = temp("escape");
    let design = tfdesign(&["design", "--preset", "minimal"]);
    let mut json: serde_json::Value = serde_json::from_slice(&design.stdout).unwrap();
    json["tags"]["\u{1b}[2J\nerror: forged\u{202e}"] = "v".into();
    let file = dir.join("d.json");
    std::fs::write(&file, json.to_string()).unwrap();
    let o = tfdesign(&["validate", "--design", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{202e}'),
        "{out:?}"
    );
    assert!(
        !out.lines().any(|l| l.starts_with("error: forged")),
        "{out}"
    );
    assert!(out.contains("\\u{1b}"), "{out}");
}

#[test]
fn a_design_file_with_a_byte_order_mark_is_read() {
    let dir = temp("bom");
    let design = tfdesign(&["design", "--preset", "minimal"]);
    let file = dir.join("d.json");
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(&design.stdout);
    std::fs::write(&file, bytes).unwrap();
    let o = tfdesign(&["validate", "--design", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn cost_prints_the_estimate_as_a_table_or_json() {
    let o = tfdesign(&["cost", "--preset", "sports-cards"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    let design = tfdesign_core::presets::sports_cards();
    let estimate =
        tfdesign_core::cost::of(&design, &tfdesign_core::cost::Usage::default()).unwrap();
    assert!(text.starts_with(&format!(
        "Monthly estimate of sports-cards: {} a month",
        estimate.total.dollars()
    )));
    assert!(text.contains("environments/orders-ingestion/us-east-1/prod"));
    assert!(text.contains("no price for kms:key in region us-west-2"));

    let o = tfdesign(&["cost", "--preset", "minimal", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(json["total"].as_u64().is_some());
    assert_eq!(json["hours_per_month"], 730);
}

#[test]
fn cost_reads_a_usage_file_and_names_a_bad_one() {
    let dir = temp("usage");
    let good = dir.join("usage.json");
    std::fs::write(
        &good,
        r#"{"lambda_requests": 5000000, "lambda_duration_ms": 200}"#,
    )
    .unwrap();
    let with = tfdesign(&[
        "cost",
        "--preset",
        "sports-cards",
        "--usage",
        good.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(with.status.success(), "{}", stderr(&with));
    let without = tfdesign(&["cost", "--preset", "sports-cards", "--format", "json"]);
    let total = |o: &Output| {
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["total"]
            .as_u64()
            .unwrap()
    };
    assert!(total(&with) > total(&without));

    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"lambda_invocations": 1}"#).unwrap();
    let o = tfdesign(&[
        "cost",
        "--preset",
        "minimal",
        "--usage",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown field `lambda_invocations`"),
        "{}",
        stderr(&o)
    );
}
