//! Who can apply the bundle, and how state is protected: every IAM role, instance profile and
//! policy a deployment root creates is covered by the CI apply policy and carries the permissions
//! boundary; roles are passed only to services the policy names; OIDC trusts are pinned to pull
//! requests, the default branch or the tiers' environments (the ones the workflow uses); every
//! backend names the state key.

use hcl::{Block, Body, Expression};
use std::collections::BTreeMap;
use tfdesign_core::bundle::Bundle;
use tfdesign_core::design::Design;

/// The services the apply policy's `iam:PassedToService` names (`modules::iam::PASSED_TO_SERVICES`).
const PASSED_TO_SERVICES: [&str; 8] = [
    "ec2.amazonaws.com",
    "ecs-tasks.amazonaws.com",
    "events.amazonaws.com",
    "lambda.amazonaws.com",
    "monitoring.rds.amazonaws.com",
    "rds.amazonaws.com",
    "s3.amazonaws.com",
    "scheduler.amazonaws.com",
];
use tfdesign_core::{generate, presets};

/// A named IAM object of a module: (resource, kind, leading variable, kept length).
type Named = (String, String, String, Option<usize>);

const IAM_KINDS: [(&str, &str); 3] = [
    ("aws_iam_role", "role"),
    ("aws_iam_instance_profile", "instance-profile"),
    ("aws_iam_policy", "policy"),
];

fn designs() -> Vec<Design> {
    vec![presets::sports_cards(), presets::minimal()]
}

fn body(bundle: &Bundle, path: &str) -> Body {
    let text = bundle
        .text(path)
        .unwrap_or_else(|| panic!("{path} missing"));
    hcl::parse(text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

trait Paths {
    fn paths(&self) -> Vec<String>;
}

impl Paths for Bundle {
    fn paths(&self) -> Vec<String> {
        self.files.keys().cloned().collect()
    }
}

fn expr(e: &Expression) -> String {
    hcl::format::to_string(e).expect("format")
}

fn attr<'a>(block: &'a Block, name: &str) -> Option<&'a Expression> {
    block
        .body
        .attributes()
        .find(|a| a.key.as_str() == name)
        .map(|a| &a.expr)
}

fn blocks<'a>(body: &'a Body, kind: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
    body.blocks().filter(move |b| b.identifier.as_str() == kind)
}

fn label(block: &Block, i: usize) -> &str {
    block.labels[i].as_str()
}

/// The module variable an IAM name starts with, and how many of its characters are kept
/// (`substr(var.x, 0, n)`): `var.name`, `"${var.name}-exec"`, `"${substr(var.identifier, 0, 32)}-mon-"`.
fn leading_var(name: &str) -> Option<(String, Option<usize>)> {
    let inner = match name.strip_prefix("\"${") {
        Some(rest) => &rest[..rest.find('}')?],
        None => name,
    };
    if let Some(var) = inner.strip_prefix("var.") {
        let ok = var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        return ok.then(|| (var.to_string(), None));
    }
    let args = inner.strip_prefix("substr(var.")?.strip_suffix(')')?;
    let mut parts = args.split(',').map(str::trim);
    let var = parts.next()?;
    (parts.next()? == "0").then_some(())?;
    let len: usize = parts.next()?.parse().ok()?;
    Some((var.to_string(), Some(len)))
}

/// `*` glob match, as IAM matches resource ARNs.
fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, tail)) => {
            text.starts_with(head)
                && (0..=text.len() - head.len()).any(|i| glob(tail, &text[head.len() + i..]))
        }
    }
}

/// The apply policy's resource patterns by IAM kind, with `var.name_prefix`, partition and
/// account substituted (`arn:aws:iam::123456789012:role/<project>-*`).
fn apply_patterns(bundle: &Bundle, project: &str) -> BTreeMap<String, Vec<String>> {
    let iam = body(bundle, "modules/iam/main.tf");
    let global = body(bundle, "global/iam/main.tf");
    let call = blocks(&global, "module").next().expect("module iam");
    assert_eq!(
        expr(attr(call, "name_prefix").unwrap()),
        format!("\"{project}\"")
    );
    let doc = blocks(&iam, "data")
        .find(|b| label(b, 0) == "aws_iam_policy_document" && label(b, 1) == "terraform_apply")
        .expect("the apply policy document");
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for st in blocks(&doc.body, "statement") {
        if attr(st, "effect").is_some_and(|e| expr(e) == "\"Deny\"") {
            continue;
        }
        let Some(Expression::Array(resources)) = attr(st, "resources") else {
            panic!("statement without resources");
        };
        for r in resources {
            let arn = expr(r)
                .trim_matches('"')
                .replace("${data.aws_partition.current.partition}", "aws")
                .replace(
                    "${data.aws_caller_identity.current.account_id}",
                    "123456789012",
                )
                .replace("${var.name_prefix}", project);
            let kind = arn
                .split(':')
                .nth(5)
                .and_then(|r| r.split('/').next())
                .unwrap();
            out.entry(kind.to_string()).or_default().push(arn);
        }
    }
    out
}

#[test]
fn every_iam_role_profile_and_policy_of_the_deployment_roots_is_covered_by_the_apply_policy() {
    for design in designs() {
        let bundle = generate(&design).expect("valid");
        let project = &design.project;
        let patterns = apply_patterns(&bundle, project);
        // Per module: (resource, kind, leading variable, kept length).
        let mut named: BTreeMap<String, Vec<Named>> = BTreeMap::new();
        for path in bundle.paths() {
            let Some(module) = path
                .strip_prefix("modules/")
                .and_then(|p| p.strip_suffix("/main.tf"))
            else {
                continue;
            };
            if module == "iam" {
                continue; // applied by an administrator, not by CI
            }
            let main = body(&bundle, &path);
            for res in blocks(&main, "resource") {
                let Some((_, kind)) = IAM_KINDS.iter().find(|(t, _)| *t == label(res, 0)) else {
                    continue;
                };
                let name = attr(res, "name")
                    .or_else(|| attr(res, "name_prefix"))
                    .unwrap_or_else(|| panic!("{module}: {} has no name", label(res, 1)));
                let name = expr(name);
                let (var, len) = leading_var(&name).unwrap_or_else(|| {
                    panic!(
                        "{module}: {} is named {name}, not after a module input",
                        label(res, 1)
                    )
                });
                named.entry(module.to_string()).or_default().push((
                    format!("{}.{}", label(res, 0), label(res, 1)),
                    kind.to_string(),
                    var,
                    len,
                ));
            }
        }
        assert!(!named.is_empty());
        let mut checked = 0;
        for path in bundle.paths() {
            if !(path.starts_with("environments/") && path.ends_with("/main.tf")) {
                continue;
            }
            let main = body(&bundle, &path);
            let locals = blocks(&main, "locals").next().expect("locals");
            let local_name = expr(attr(locals, "name").expect("local.name"));
            let local_name = local_name.trim_matches('"');
            assert!(local_name.starts_with(&format!("{project}-")), "{path}");
            for call in blocks(&main, "module") {
                let source = expr(attr(call, "source").unwrap());
                let module = source.trim_matches('"').rsplit('/').next().unwrap();
                for (resource, kind, var, len) in named.get(module).into_iter().flatten() {
                    let value = expr(
                        attr(call, var)
                            .unwrap_or_else(|| panic!("{path}: module {module} gets no {var}")),
                    );
                    let value = value.trim_matches('"').replace("${local.name}", local_name);
                    let value = if value == "local.name" {
                        local_name.to_string()
                    } else {
                        value
                    };
                    assert!(!value.contains("${"), "{path}: {var} = {value}");
                    let kept = len.map_or(value.as_str(), |n| &value[..n.min(value.len())]);
                    // The shortest name AWS could give it: the kept prefix, then anything.
                    let arn = format!("arn:aws:iam::123456789012:{kind}/{kept}x");
                    let covered = patterns
                        .get(kind.as_str())
                        .is_some_and(|ps| ps.iter().any(|p| glob(p, &arn)));
                    assert!(
                        covered,
                        "{path}: {resource} of {module} ({arn}) is not covered by the apply policy {patterns:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 0, "{project}");
    }
}

#[test]
fn every_role_of_the_deployment_roots_carries_the_boundary_the_apply_policy_requires() {
    for design in designs() {
        let bundle = generate(&design).expect("valid");
        let iam = body(&bundle, "modules/iam/main.tf");
        let doc = blocks(&iam, "data")
            .find(|b| label(b, 1) == "terraform_apply")
            .unwrap();
        let create = blocks(&doc.body, "statement")
            .find(|s| expr(attr(s, "actions").unwrap()).contains("iam:CreateRole"))
            .expect("CreateRole statement");
        let condition = blocks(&create.body, "condition").next().expect("condition");
        assert_eq!(
            expr(attr(condition, "variable").unwrap()),
            "\"iam:PermissionsBoundary\""
        );
        let required = expr(attr(condition, "values").unwrap());
        let mut modules_with_roles = Vec::new();
        for path in bundle.paths() {
            let Some(module) = path
                .strip_prefix("modules/")
                .and_then(|p| p.strip_suffix("/main.tf"))
            else {
                continue;
            };
            if module == "iam" {
                continue;
            }
            let main = body(&bundle, &path);
            let roles: Vec<&Block> = blocks(&main, "resource")
                .filter(|b| label(b, 0) == "aws_iam_role")
                .collect();
            for role in &roles {
                assert_eq!(
                    attr(role, "permissions_boundary").map(expr).as_deref(),
                    Some("var.permissions_boundary_arn"),
                    "{module}: aws_iam_role.{} has no permissions boundary",
                    label(role, 1)
                );
            }
            if !roles.is_empty() {
                modules_with_roles.push(module.to_string());
            }
        }
        assert!(!modules_with_roles.is_empty());
        for path in bundle.paths() {
            if !(path.starts_with("environments/") && path.ends_with("/main.tf")) {
                continue;
            }
            let main = body(&bundle, &path);
            let locals = blocks(&main, "locals").next().unwrap();
            let arn = expr(attr(locals, "permissions_boundary_arn").expect("boundary local"));
            assert_eq!(
                format!("[{arn}]"),
                required.replace(['\n', ' '], ""),
                "{path}"
            );
            for call in blocks(&main, "module") {
                let source = expr(attr(call, "source").unwrap());
                let module = source.trim_matches('"').rsplit('/').next().unwrap();
                if modules_with_roles.iter().any(|m| m == module) {
                    assert_eq!(
                        attr(call, "permissions_boundary_arn").map(expr).as_deref(),
                        Some("local.permissions_boundary_arn"),
                        "{path}: module {module}"
                    );
                }
            }
        }
    }
}

#[test]
fn roles_are_passed_only_to_the_services_that_assume_them() {
    for design in designs() {
        let bundle = generate(&design).expect("valid");
        for path in bundle.paths() {
            if !(path.starts_with("modules/") && path.ends_with("/main.tf"))
                || path.starts_with("modules/iam/")
            {
                continue;
            }
            let main = body(&bundle, &path);
            for doc in blocks(&main, "data").filter(|b| label(b, 0) == "aws_iam_policy_document") {
                for st in blocks(&doc.body, "statement") {
                    if !expr(attr(st, "actions").unwrap()).contains("sts:AssumeRole") {
                        continue;
                    }
                    for p in blocks(&st.body, "principals") {
                        if expr(attr(p, "type").unwrap()) != "\"Service\"" {
                            continue;
                        }
                        let Some(Expression::Array(ids)) = attr(p, "identifiers") else {
                            panic!("{path}: principals without a list");
                        };
                        for id in ids {
                            let service = expr(id);
                            let service = service.trim_matches('"');
                            assert!(
                                PASSED_TO_SERVICES.contains(&service),
                                "{path}: a role assumed by {service} cannot be passed by the CI \
(add it to PASSED_TO_SERVICES)"
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn oidc_trust_is_pinned_to_pull_requests_the_default_branch_and_the_workflow_environments() {
    for design in designs() {
        let bundle = generate(&design).expect("valid");
        let iam = bundle.text("modules/iam/main.tf").unwrap();
        assert!(!iam.contains("}:*\""), "a wildcard subject:\n{iam}");
        assert!(iam.contains(":pull_request\""), "{iam}");
        assert!(
            iam.contains(":ref:refs/heads/${var.github_default_branch}"),
            "{iam}"
        );
        assert!(iam.contains(":environment:${environment}"), "{iam}");
        assert_eq!(
            iam.matches("\"token.actions.githubusercontent.com:aud\"")
                .count(),
            2
        );
        assert_eq!(
            iam.matches("values   = [\"sts.amazonaws.com\"]").count(),
            2,
            "{iam}"
        );
        let global = body(&bundle, "global/iam/main.tf");
        let call = blocks(&global, "module").next().unwrap();
        let environments = expr(attr(call, "github_apply_environments").unwrap());
        let workflow = bundle.text(".github/workflows/terraform.yml").unwrap();
        let used: Vec<&str> = workflow
            .lines()
            .filter_map(|l| l.trim().strip_prefix("environment: "))
            .collect();
        assert!(!used.is_empty());
        for env in used {
            assert!(
                environments.contains(env),
                "the workflow runs in {env}, which the apply role does not trust ({environments})"
            );
        }
        // The plan role serves pull requests; only jobs in an environment get the apply role.
        for line in workflow
            .lines()
            .filter(|l| l.contains("AWS_APPLY_ROLE_ARN }}"))
        {
            assert!(line.contains("role-to-assume"), "{line}");
        }
    }
}

#[test]
fn every_backend_names_the_state_key_that_bootstrap_aliases() {
    for design in designs() {
        let bundle = generate(&design).expect("valid");
        let alias = format!("\"alias/{}-tfstate\"", design.project);
        let mut backends = 0;
        for path in bundle.paths() {
            if !path.ends_with("/backend.tf") {
                continue;
            }
            let b = body(&bundle, &path);
            let tf = blocks(&b, "terraform").next().unwrap();
            let backend = blocks(&tf.body, "backend").next().unwrap();
            assert_eq!(
                attr(backend, "kms_key_id").map(expr),
                Some(alias.clone()),
                "{path}: state would be written with SSE-S3"
            );
            assert_eq!(
                attr(backend, "use_lockfile").map(expr).as_deref(),
                Some("true")
            );
            backends += 1;
        }
        assert!(backends >= 2);
        for region in design.backend.regions.keys() {
            let file = format!("backend-bootstrap/backend-{region}.tf");
            let b = body(&bundle, &file);
            let aliases: Vec<String> = blocks(&b, "resource")
                .filter(|r| label(r, 0) == "aws_kms_alias")
                .map(|r| expr(attr(r, "name").unwrap()))
                .collect();
            assert_eq!(aliases, std::slice::from_ref(&alias), "{file}");
        }
        let readme = bundle.text("backend-bootstrap/README.md").unwrap();
        assert!(
            readme.contains(&format!("kms_key_id   = {alias}")),
            "{readme}"
        );
        // S3 lock files lock the state: no DynamoDB table anywhere.
        for path in bundle.paths().into_iter().filter(|p| p.ends_with(".tf")) {
            let text = bundle.text(&path).unwrap_or_default();
            assert!(!text.contains("aws_dynamodb_table"), "{path}");
        }
    }
}

#[test]
fn the_bundle_ignores_local_state_and_plans_but_keeps_the_lock_file() {
    let bundle = generate(&presets::minimal()).expect("valid");
    let ignore = bundle.text(".gitignore").expect(".gitignore");
    for pattern in [
        ".terraform/",
        "*.tfstate",
        "*.tfstate.*",
        "tfplan",
        "*.tfplan",
        "crash.log",
        ".terraform.tfstate.lock.info",
    ] {
        assert!(ignore.lines().any(|l| l == pattern), "{pattern}:\n{ignore}");
    }
    assert!(!ignore
        .lines()
        .any(|l| l.contains(".terraform.lock.hcl") && !l.starts_with('#') && !l.starts_with('!')));
}

#[test]
/// 6.15 is the first release with `aws_db_proxy.default_auth_scheme`, which the database module
/// sets: an older 6.x would fail validate with "unsupported argument".
fn the_provider_constraint_admits_6_66_but_not_7() {
    let bundle = generate(&presets::sports_cards()).expect("valid");
    let versions = bundle.text("modules/iam/versions.tf").unwrap();
    assert!(
        versions.contains("version = \">= 6.15, < 7.0\""),
        "{versions}"
    );
}

#[test]
fn the_globs_and_names_the_checks_rely_on() {
    assert!(glob("arn:aws:iam::1:role/p-*", "arn:aws:iam::1:role/p-x"));
    assert!(!glob(
        "arn:aws:iam::1:role/p-*",
        "arn:aws:iam::1:role/p/p-ci-apply"
    ));
    assert!(!glob(
        "arn:aws:iam::1:role/p-*",
        "arn:aws:iam::1:role/alb-logs-replication-x"
    ));
    assert_eq!(leading_var("var.name"), Some(("name".into(), None)));
    assert_eq!(
        leading_var("\"${substr(var.identifier, 0, 32)}-mon-\""),
        Some(("identifier".into(), Some(32)))
    );
    assert_eq!(leading_var("\"alb-logs-replication-\""), None);
}

/// With `TFDESIGN_WRITE_BUNDLES=<dir>`, writes the presets' bundles there (for tf-oracle) from
/// this worktree's own code.
#[test]
fn write_bundles_for_the_oracle() {
    let Ok(dir) = std::env::var("TFDESIGN_WRITE_BUNDLES") else {
        return;
    };
    for design in designs() {
        let bundle = generate(&design).expect("valid");
        let root = std::path::Path::new(&dir).join(&design.project);
        let _ = std::fs::remove_dir_all(&root);
        for (path, bytes) in &bundle.files {
            let file = root.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, bytes).unwrap();
        }
    }
}

/// A plan refreshes the master secret version of every database with replicas
/// (`GetSecretValue`), which ReadOnlyAccess does not grant: the read-only plan role may read
/// exactly the secrets the database module names (`rds/<identifier>/master-…`, identifiers
/// starting with the project), decrypting them only through Secrets Manager.
#[test]
fn the_plan_role_can_refresh_the_master_secrets_and_nothing_else() {
    let bundle = generate(&presets::sports_cards()).expect("valid");
    let iam = bundle.text("modules/iam/main.tf").unwrap();
    let start = iam
        .find("data \"aws_iam_policy_document\" \"ci_plan_state\"")
        .expect("the plan role's policy");
    let plan = &iam[start..start + iam[start..].find("\n}\n").unwrap()];
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let plan = squash(plan);
    let secrets = "arn:${data.aws_partition.current.partition}:secretsmanager:*:${data.aws_caller_identity.current.account_id}:secret:rds/${var.name_prefix}-*";
    assert!(
        plan.contains(&format!(
            "actions = [\"secretsmanager:GetSecretValue\"] resources = [ \"{secrets}\", ]"
        )),
        "{plan}"
    );
    assert!(
        plan.contains("values = [\"secretsmanager.*.amazonaws.com\"]"),
        "{plan}"
    );
    assert!(
        plan.contains("variable = \"kms:EncryptionContext:SecretARN\""),
        "{plan}"
    );
    // And read the functions' environment (Lambda decrypts it only for callers that may).
    assert!(
        plan.contains("values = [\"lambda.*.amazonaws.com\"]"),
        "{plan}"
    );
    assert!(
        plan.contains("variable = \"kms:EncryptionContext:LambdaFunctionName\" values = [\"${var.name_prefix}-*\"]"),
        "{plan}"
    );
    // The apply role's state policy has no such statement (PowerUserAccess reads secrets).
    let start = iam
        .find("data \"aws_iam_policy_document\" \"ci_apply_state\"")
        .expect("the apply role's policy");
    let apply = &iam[start..start + iam[start..].find("\n}\n").unwrap()];
    assert!(!apply.contains("GetSecretValue"), "{apply}");
    // The secrets are where the pattern says: rds/<project>-<tier>-<service>/master-….
    let db = bundle.text("modules/rds-database/main.tf").unwrap();
    assert!(
        db.contains("name_prefix = \"rds/${var.identifier}/master-\""),
        "{db}"
    );
    let root = bundle
        .text("environments/orders-ingestion/us-east-1/prod/main.tf")
        .unwrap();
    assert!(
        root.contains("identifier = local.name")
            || squash(root).contains("identifier = local.name")
    );
    assert!(
        squash(root).contains("name = \"sports-cards-prod-orders-ingestion\""),
        "{root}"
    );
    let global = bundle.text("global/iam/main.tf").unwrap();
    assert!(
        squash(global).contains("name_prefix = \"sports-cards\""),
        "{global}"
    );
}
