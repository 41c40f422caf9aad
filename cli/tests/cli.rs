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

/// Runs the real `sha256sum --check --strict` on a bundle's manifest, in the bundle's folder.
fn sha256sum_check(bundle: &std::path::Path) -> Option<Output> {
    Command::new("sha256sum")
        .args(["--check", "--strict", "MANIFEST.sha256"])
        .current_dir(bundle)
        .output()
        .ok()
}

#[test]
fn the_manifest_verifies_with_sha256sum_and_catches_a_hand_edit() {
    let dir = temp("manifest");
    let out = dir.join("bundle");
    let o = generate_in(&dir, &["--preset", "sports-cards", "--out", "bundle"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let manifest = std::fs::read_to_string(out.join("MANIFEST.sha256")).unwrap();
    let listed: Vec<&str> = manifest.lines().map(|l| &l[66..]).collect();
    let mut on_disk: Vec<String> = snapshot(&out)
        .into_iter()
        .filter(|(p, _)| out.join(p).is_file() && p != "MANIFEST.sha256")
        .map(|(p, _)| p)
        .collect();
    on_disk.sort();
    assert_eq!(listed, on_disk, "every file but the manifest, sorted");
    let Some(clean) = sha256sum_check(&out) else {
        eprintln!("WARNING: sha256sum is not on PATH; the manifest was not checked with it");
        return;
    };
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );
    let edited = "environments/card-catalog-api/us-east-1/prod/terraform.tfvars";
    let mut text = std::fs::read_to_string(out.join(edited)).unwrap();
    text.push_str("# a hand edit\n");
    std::fs::write(out.join(edited), text).unwrap();
    let o = sha256sum_check(&out).unwrap();
    assert!(!o.status.success());
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(report.contains(&format!("{edited}: FAILED")), "{report}");
    assert_eq!(report.matches("FAILED").count(), 1, "{report}");
}

#[test]
fn force_keeps_local_tf_files_and_custom_folders_and_lists_them() {
    let dir = temp("escape-hatch");
    let out = dir.join("bundle");
    let o = generate_in(&dir, &["--preset", "minimal", "--out", "bundle"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let root = "environments/web-api/eu-west-1/dev";
    // A copy of a generated file, header included: kept all the same, by its name.
    let copied = std::fs::read(out.join(root).join("main.tf")).unwrap();
    let ours = [
        (format!("{root}/extra.local.tf"), copied),
        (format!("{root}/custom/policy.json"), b"{}\n".to_vec()),
        ("custom/runbook.md".to_string(), b"# ours\n".to_vec()),
        (
            "modules/iam/audit.local.tf".to_string(),
            b"# ours\n".to_vec(),
        ),
    ];
    for (path, contents) in &ours {
        let file = out.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, contents).unwrap();
    }
    for preset in ["minimal", "sports-cards"] {
        let o = generate_in(&dir, &["--preset", preset, "--out", "bundle", "--force"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let report = stderr(&o);
        for (path, contents) in &ours {
            assert_eq!(&std::fs::read(out.join(path)).unwrap(), contents, "{path}");
            let listed = path
                .strip_suffix("/policy.json")
                .or(path.strip_suffix("/runbook.md"))
                .map_or(path.clone(), |dir| format!("{dir}/"));
            assert!(
                report.lines().any(|l| l.trim() == listed),
                "{preset}: {listed} listed as kept in\n{report}"
            );
        }
        let manifest = std::fs::read_to_string(out.join("MANIFEST.sha256")).unwrap();
        assert!(!manifest.contains("local.tf") && !manifest.contains("custom/"));
        if let Some(check) = sha256sum_check(&out) {
            assert!(
                check.status.success(),
                "the team's files do not upset the manifest"
            );
        }
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn check_exits_0_on_a_clean_bundle_and_1_naming_each_drifted_file() {
    let dir = temp("check");
    let out = dir.join("bundle");
    let o = generate_in(&dir, &["--preset", "sports-cards", "--out", "bundle"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The team's own files and Terraform's are no drift.
    let root = out.join("environments/card-catalog-api/us-east-1/prod");
    std::fs::write(root.join("extra.local.tf"), "# ours\n").unwrap();
    std::fs::create_dir_all(root.join("custom")).unwrap();
    std::fs::write(root.join("custom/notes.tf"), "# ours\n").unwrap();
    std::fs::write(root.join(".terraform.lock.hcl"), "lock").unwrap();
    std::fs::create_dir_all(root.join(".terraform/modules/x")).unwrap();
    std::fs::write(root.join(".terraform/modules/x/main.tf"), "# copy").unwrap();
    let o = tfdesign(&["check", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("matches its design"), "{}", stdout(&o));

    let edited = "environments/card-catalog-api/us-east-1/prod/terraform.tfvars";
    let text = std::fs::read_to_string(out.join(edited)).unwrap();
    std::fs::write(out.join(edited), text.replace("true", "false")).unwrap();
    std::fs::remove_file(out.join("modules/iam/outputs.tf")).unwrap();
    std::fs::write(out.join("global/iam/stray.tf"), "locals {}\n").unwrap();
    let o = tfdesign(&["check", out.to_str().unwrap(), "--max-diff-lines", "12"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let report = stdout(&o);
    assert!(report.contains(&format!("changed: {edited}\n")), "{report}");
    assert!(
        report.contains(&format!("    --- a/{edited}\n")),
        "{report}"
    );
    assert!(
        report.contains("\n    -") && report.contains("\n    +"),
        "{report}"
    );
    assert!(
        report.contains("missing: modules/iam/outputs.tf\n"),
        "{report}"
    );
    assert!(
        report.contains("unexpected: global/iam/stray.tf\n"),
        "{report}"
    );
    assert!(
        report.contains("1 changed, 1 missing, 1 unexpected"),
        "{report}"
    );
    let diff_lines = report.lines().filter(|l| l.starts_with("    ")).count();
    assert!(diff_lines <= 13, "capped at 12 lines and a note: {report}");
    assert!(!report.contains("extra.local.tf") && !report.contains("custom/notes.tf"));
}

#[test]
fn check_exits_2_on_bad_input() {
    let dir = temp("check-bad");
    let missing = dir.join("nothing-here");
    let o = tfdesign(&["check", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nothing-here"), "{}", stderr(&o));

    let no_design = dir.join("empty");
    std::fs::create_dir_all(&no_design).unwrap();
    let o = tfdesign(&["check", no_design.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("tfdesign.json"), "{}", stderr(&o));

    let bad_json = dir.join("bad-json");
    std::fs::create_dir_all(&bad_json).unwrap();
    std::fs::write(bad_json.join("tfdesign.json"), "{ not json").unwrap();
    let o = tfdesign(&["check", bad_json.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("tfdesign.json"), "{}", stderr(&o));

    let invalid = dir.join("invalid");
    std::fs::create_dir_all(&invalid).unwrap();
    let mut design = tfdesign_core::presets::get("minimal").unwrap();
    design.project = "Not A Name".into();
    std::fs::write(invalid.join("tfdesign.json"), design.to_json()).unwrap();
    let o = tfdesign(&["check", invalid.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/project"), "{}", stderr(&o));
}

/// The paths `tfdesign diff` lists, by kind (`changed`, `added`, `removed`).
fn listed(report: &str, kind: &str) -> Vec<String> {
    let prefix = format!("{kind}: ");
    report
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .map(str::to_string)
        .collect()
}

#[test]
fn diff_of_one_more_read_replica_lists_exactly_the_files_that_change() {
    use tfdesign_core::{generate, presets, Design};
    let dir = temp("diff");
    let a = presets::get("sports-cards").unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&a.to_json()).unwrap();
    let tier = a.tiers.len() - 1;
    let replicas = a.tiers[tier].database.read_replicas;
    json["tiers"][tier]["database"]["read_replicas"] = (replicas + 1).into();
    let b = Design::from_json(&json.to_string()).unwrap();
    std::fs::write(dir.join("a.json"), a.to_json()).unwrap();
    std::fs::write(dir.join("b.json"), b.to_json()).unwrap();

    // The expectation, computed apart from `diff`: both bundles' file maps compared here.
    let (ga, gb) = (generate(&a).unwrap().files, generate(&b).unwrap().files);
    let changed: Vec<String> = ga
        .iter()
        .filter(|(p, c)| gb.get(*p).is_some_and(|d| d != *c))
        .map(|(p, _)| p.clone())
        .collect();
    let added: Vec<String> = gb
        .keys()
        .filter(|p| !ga.contains_key(*p))
        .cloned()
        .collect();
    let removed: Vec<String> = ga
        .keys()
        .filter(|p| !gb.contains_key(*p))
        .cloned()
        .collect();
    assert!(changed.iter().any(|p| p.ends_with("terraform.tfvars")));

    // As designs, and as a bundle folder against a zip.
    let o = generate_in(&dir, &["--design", "a.json", "--out", "a"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = generate_in(&dir, &["--design", "b.json", "--out", "b.zip"]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::write(dir.join("a/extra.local.tf"), "# ours\n").unwrap();
    for (x, y) in [("a.json", "b.json"), ("a", "b.zip")] {
        let o = tfdesign(&[
            "diff",
            dir.join(x).to_str().unwrap(),
            dir.join(y).to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1), "{x} {y}: {}", stderr(&o));
        let report = stdout(&o);
        assert_eq!(listed(&report, "changed"), changed, "{x} {y}");
        assert_eq!(listed(&report, "added"), added, "{x} {y}");
        assert_eq!(listed(&report, "removed"), removed, "{x} {y}");
        let field = format!(
            "  tiers[{}].database.read_replicas: {replicas} → {}\n",
            a.tiers[tier].name,
            replicas + 1
        );
        assert!(
            report.starts_with(&format!("design: 1 field changed\n{field}")),
            "{report}"
        );
    }
    let same = tfdesign(&[
        "diff",
        dir.join("a").to_str().unwrap(),
        dir.join("a.json").to_str().unwrap(),
    ]);
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}{}",
        stdout(&same),
        stderr(&same)
    );
    let bad = tfdesign(&[
        "diff",
        dir.join("a.json").to_str().unwrap(),
        "/nonexistent/x.zip",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("/nonexistent/x.zip"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn cost_prints_the_estimate_as_a_table_or_json() {
    let o = tfdesign(&["cost", "--preset", "sports-cards"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    let design = tfdesign_core::presets::sports_cards();
    let estimate = tfdesign_core::cost::of(&design, &Default::default()).unwrap();
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

#[test]
fn diff_shows_the_cost_of_one_more_read_replica_as_its_line_items() {
    use tfdesign_core::cost::{self, Micros, UsageInputs};
    use tfdesign_core::{presets, Design};
    let dir = temp("diff-cost");
    let a = presets::get("sports-cards").unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&a.to_json()).unwrap();
    let tier = a.tiers.len() - 1;
    let replicas = a.tiers[tier].database.read_replicas;
    json["tiers"][tier]["database"]["read_replicas"] = (replicas + 1).into();
    let b = Design::from_json(&json.to_string()).unwrap();
    std::fs::write(dir.join("a.json"), a.to_json()).unwrap();
    std::fs::write(dir.join("b.json"), b.to_json()).unwrap();

    // The expectation, from the estimates' lines: in each root that changes, only the read
    // replicas' lines (instances, their storage) and the alarm count cost more, each by one
    // replica, and the root's change is the sum of those lines' changes.
    let (ea, eb) = (
        cost::of(&a, &UsageInputs::default()).unwrap(),
        cost::of(&b, &UsageInputs::default()).unwrap(),
    );
    let storage = u128::from(a.tiers[tier].database.allocated_storage_gb);
    let mut expected: Vec<(String, u64)> = Vec::new();
    for rb in &eb.roots {
        let ra = ea.root(&rb.root).unwrap();
        assert_eq!(ra.items.len(), rb.items.len(), "{}", rb.root);
        let mut delta = 0u64;
        for (x, y) in ra.items.iter().zip(&rb.items) {
            assert_eq!(x.component, y.component);
            // Lines that cost the same may still count one more log group at 0 GB of usage.
            if x.monthly == y.monthly {
                continue;
            }
            let step = match x.component.as_str() {
                c if c.starts_with("RDS PostgreSQL read replicas") => 730,
                c if c.starts_with("RDS gp3 storage, read replicas") => storage,
                "CloudWatch alarms" => 1,
                other => panic!("{}: {other} changed", rb.root),
            };
            assert_eq!(
                y.quantity.num * x.quantity.den,
                (x.quantity.num + step * x.quantity.den) * y.quantity.den,
                "{}",
                y.component
            );
            delta += y.monthly.unwrap().0 - x.monthly.unwrap().0;
        }
        if delta > 0 {
            expected.push((rb.root.clone(), delta));
        }
    }
    assert!(expected.len() >= 3, "{expected:?}");
    let total: u64 = expected.iter().map(|(_, d)| d).sum();
    assert_eq!(eb.total.0 - ea.total.0, total);

    let o = tfdesign(&[
        "diff",
        dir.join("a.json").to_str().unwrap(),
        dir.join("b.json").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let c = &report["cost"];
    assert_eq!(c["before"], ea.total.0);
    assert_eq!(c["after"], eb.total.0);
    assert_eq!(
        c["change"],
        format!("{}", Micros(total).delta_from(Micros(0)))
    );
    let roots: Vec<(String, u64)> = c["roots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["root"].as_str().unwrap().to_string(),
                r["after"].as_u64().unwrap() - r["before"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(roots, expected);
    assert_eq!(report["same"], false);
    assert_eq!(report["fields"].as_array().unwrap().len(), 1);
    assert!(report["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["path"] == "COST.md" && f["change"] == "changed"));

    // The table says the same, total first, then each root that changed.
    let o = tfdesign(&[
        "diff",
        dir.join("a.json").to_str().unwrap(),
        dir.join("b.json").to_str().unwrap(),
    ]);
    let text = stdout(&o);
    let line = text.lines().find(|l| l.starts_with("cost: ")).unwrap();
    assert!(
        line.ends_with(&format!(
            "a month ({}/mo)",
            Micros(total).delta_from(Micros(0))
        )),
        "{line}"
    );
    for (root, delta) in &expected {
        let shown = format!("  {root}: ");
        let l = text
            .lines()
            .find(|l| l.starts_with(&shown))
            .unwrap_or_else(|| panic!("{root} in {text}"));
        assert!(
            l.ends_with(&format!("({})", Micros(*delta).delta_from(Micros(0)))),
            "{l}"
        );
    }
    let same = tfdesign(&[
        "diff",
        dir.join("a.json").to_str().unwrap(),
        dir.join("a.json").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(same.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&same.stdout).unwrap();
    assert_eq!(report["same"], true);
    assert!(report["cost"]["roots"].as_array().unwrap().is_empty());
}

#[test]
fn cost_usage_file_replaces_the_design_usage_of_the_inputs_it_sets() {
    use tfdesign_core::{edit, presets};
    let dir = temp("cost-usage");
    let mut design = presets::sports_cards();
    edit::set_usage(&mut design, None, "kms_requests", Some(2_000_000));
    edit::set_usage(&mut design, Some(0), "alb_lcu_hours", Some(500));
    std::fs::write(dir.join("d.json"), design.to_json()).unwrap();
    std::fs::write(dir.join("u.json"), r#"{"alb_lcu_hours": 10}"#).unwrap();
    let design_file = dir.join("d.json").to_str().unwrap().to_string();
    let run = |extra: &[&str]| {
        let mut args = vec!["cost", "--design", design_file.as_str(), "--format", "json"];
        args.extend_from_slice(extra);
        let o = tfdesign(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    let own = run(&[]);
    assert_eq!(own["usage"]["kms_requests"], 2_000_000);
    assert_eq!(
        own["service_usage"][&design.services[0].name]["alb_lcu_hours"],
        500
    );
    let u = dir.join("u.json");
    let with_file = run(&["--usage", u.to_str().unwrap()]);
    // The file's input replaces the design's everywhere; the input it leaves out stays.
    assert_eq!(with_file["usage"]["alb_lcu_hours"], 10);
    assert_eq!(with_file["usage"]["kms_requests"], 2_000_000);
    assert!(
        with_file.get("service_usage").is_none(),
        "{}",
        with_file["service_usage"]
    );
    std::fs::write(dir.join("bad.json"), r#"{"lambda_duration_ms": 900001}"#).unwrap();
    let o = tfdesign(&[
        "cost",
        "--design",
        dir.join("d.json").to_str().unwrap(),
        "--usage",
        dir.join("bad.json").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("lambda_duration_ms is 0 to 900,000"),
        "{}",
        stderr(&o)
    );
}
