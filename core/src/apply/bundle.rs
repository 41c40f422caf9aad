//! The bundle-level apply-time rules, on the Terraform bodies of a bundle (one function per
//! rule). Modules are evaluated once per module call that reaches them, so a finding in a
//! module names the root it comes from.

use super::eval::{
    attr, field, glob, keys, path, template_parts, walk_attrs, Env, Frame, Part, Tree, Val,
};
use super::FoundBy;
use crate::bundle::Source;
use crate::diagnostic::Diagnostic;
use hcl::expr::Expression;
use hcl::{Block, Body};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Every bundle-level apply-time rule on `folders` (the `.tf` sources by folder) and the
/// `terraform.tfvars` body of each folder that has one.
pub fn check(
    folders: &BTreeMap<&str, Vec<Source>>,
    tfvars: &BTreeMap<String, Arc<Body>>,
) -> Vec<Diagnostic> {
    let tree = Tree::new(folders, tfvars);
    let chains = tree.chains();
    let mut out = Vec::new();
    managed_password_replicas(&mut out, &tree, &chains);
    root_regions(&mut out, &tree, &chains);
    oidc_subjects(&mut out, &tree, &chains);
    backend_kms_key(&mut out, &tree);
    apply_policy_roles(&mut out, &tree, &chains);
    stack_roles(&mut out, &tree, &chains);
    dlq_retention(&mut out, &tree, &chains);
    lambda_environment(&mut out, &tree, &chains);
    log_retention(&mut out, &tree, &chains);
    let mut seen = BTreeSet::new();
    out.retain(|d| seen.insert((d.path.clone(), d.message.clone())));
    out
}

type Chains<'t> = [Vec<Frame<'t>>];

/// ` (called from environments/…)` for a module chain; nothing for a root.
fn from(chain: &[Frame]) -> String {
    match chain.last() {
        Some(root) if chain.len() > 1 => format!(" (as called from {})", root.dir),
        _ => String::new(),
    }
}

fn labels(b: &Block) -> Vec<&str> {
    b.labels.iter().map(|l| l.as_str()).collect()
}

/// `file:line` of a top-level block.
fn at(src: &Source, b: &Block) -> String {
    let mut header = b.identifier.to_string();
    for l in labels(b) {
        header.push_str(&format!(" \"{l}\""));
    }
    src.at(src.header_line(&header))
}

/// `file:line` of `key` inside a top-level block.
fn at_key(src: &Source, b: &Block, key: &str) -> String {
    let mut header = b.identifier.to_string();
    for l in labels(b) {
        header.push_str(&format!(" \"{l}\""));
    }
    src.at(src.line_in_block(src.header_line(&header), key))
}

/// The resources of type `ty` in the chain's folder.
fn resources<'a>(tree: &Tree<'a>, dir: &str, ty: &str) -> Vec<(&'a Source<'a>, &'a Block)> {
    tree.resources(dir, ty).collect()
}

/// Whether `e` may be true in `chain` (a conditional whose condition is unknown may be).
fn may_be_true(tree: &Tree, e: &Expression, chain: &[Frame], env: &Env) -> bool {
    match tree.eval(e, chain, env) {
        Val::Bool(b) => b,
        Val::Unknown => match e {
            Expression::Conditional(c) => {
                may_be_true(tree, &c.true_expr, chain, env)
                    || may_be_true(tree, &c.false_expr, chain, env)
            }
            _ => true,
        },
        _ => false,
    }
}

/// The database identifier a `replicate_source_db` value names (an identifier or an ARN).
fn db_identifier(v: &Val) -> Option<String> {
    let text = v.text()?;
    Some(match text.split_once(":db:") {
        Some((_, id)) => id.to_string(),
        None => text,
    })
}

/// The identifier of the database a `replicate_source_db` names: its value, or, when parts
/// are only known at apply (an ARN built from the account id), the identifier after `:db:`.
/// A condition not known offline (e.g. whether the replica was promoted) counts as replicating.
fn replica_source(tree: &Tree, e: &Expression, chain: &[Frame], env: &Env) -> Option<String> {
    if let Expression::Conditional(c) = e {
        return match tree.eval(&c.cond_expr, chain, env) {
            Val::Bool(true) => replica_source(tree, &c.true_expr, chain, env),
            Val::Bool(false) => replica_source(tree, &c.false_expr, chain, env),
            _ => replica_source(tree, &c.true_expr, chain, env)
                .or_else(|| replica_source(tree, &c.false_expr, chain, env)),
        };
    }
    if let Some(id) = db_identifier(&tree.eval(e, chain, env)) {
        return Some(id);
    }
    let pattern = tree.pattern(e, chain, env);
    let (_, id) = pattern.split_once(":db:")?;
    (!id.is_empty() && !id.contains('*')).then(|| id.to_string())
}

/// `rds-managed-password-no-replicas`.
fn managed_password_replicas(out: &mut Vec<Diagnostic>, tree: &Tree, chains: &Chains) {
    let env = Env::new();
    let mut managed = BTreeSet::new();
    for chain in chains {
        for (_, b) in resources(tree, chain[0].dir, "aws_db_instance") {
            let manages = attr(&b.body, "manage_master_user_password")
                .is_some_and(|e| may_be_true(tree, e, chain, &env));
            if manages {
                if let Some(id) = attr(&b.body, "identifier")
                    .and_then(|e| db_identifier(&tree.eval(e, chain, &env)))
                {
                    managed.insert(id);
                }
            }
        }
    }
    for chain in chains {
        for (src, b) in resources(tree, chain[0].dir, "aws_db_instance") {
            let Some(source) = attr(&b.body, "replicate_source_db") else {
                continue;
            };
            if attr(&b.body, "count").is_some_and(|c| tree.eval(c, chain, &env) == Val::Num(0.0)) {
                continue;
            }
            let Some(id) = replica_source(tree, source, chain, &env) else {
                continue;
            };
            if managed.contains(&id) {
                out.push(
                    Diagnostic::error(
                        at_key(src, b, "replicate_source_db"),
                        format!(
                            "aws_db_instance.{} is a read replica of \"{id}\", whose master password is managed by RDS in Secrets Manager (manage_master_user_password): RDS rejects the replica{}",
                            labels(b)[1],
                            from(chain)
                        ),
                    )
                    .with_hint("keep the password in a secret of your own (password_wo), or build no replica of that instance")
                    .with_rule("rds-managed-password-no-replicas"),
                );
            }
        }
    }
}

/// The region a root's `aws` provider (without alias) uses.
fn own_region(tree: &Tree, chain: &[Frame]) -> Option<String> {
    let root = *chain.last()?;
    let env = Env::new();
    tree.blocks(root.dir).into_iter().find_map(|(_, b)| {
        (b.identifier.as_str() == "provider"
            && labels(b) == ["aws"]
            && attr(&b.body, "alias").is_none())
        .then(|| attr(&b.body, "region"))
        .flatten()
        .and_then(|e| tree.eval(e, &chain[chain.len() - 1..], &env).text())
    })
}

/// Whether the root of `chain` is a deployment root: its state lives in an S3 backend and it
/// is not account-wide (`global/`).
fn deployment_root(tree: &Tree, chain: &[Frame]) -> bool {
    let Some(root) = chain.last() else {
        return false;
    };
    !root.dir.starts_with("global/")
        && tree.blocks(root.dir).into_iter().any(|(_, b)| {
            b.identifier.as_str() == "terraform"
                && b.body
                    .blocks()
                    .any(|x| x.identifier.as_str() == "backend" && labels(x) == ["s3"])
        })
}

/// `root-reads-only-its-region`.
fn root_regions(out: &mut Vec<Diagnostic>, tree: &Tree, chains: &Chains) {
    let env = Env::new();
    for chain in chains {
        if !deployment_root(tree, chain) {
            continue;
        }
        let Some(own) = own_region(tree, chain) else {
            continue;
        };
        for (src, b) in tree.blocks(chain[0].dir) {
            let what = match (b.identifier.as_str(), labels(b).as_slice()) {
                ("data", [ty, name]) => format!("data source {ty}.{name}"),
                // CloudFront's global parts (certificates, web ACLs) live in us-east-1 whatever
                // the root's region; the roots that configure it have no DR copy to protect.
                ("provider", _)
                    if attr(&b.body, "alias")
                        .and_then(|e| tree.eval(e, chain, &env).text())
                        .as_deref()
                        == Some("us_east_1") =>
                {
                    continue
                }
                ("provider", [name]) if attr(&b.body, "alias").is_some() => {
                    format!("provider {name} (alias)")
                }
                _ => continue,
            };
            let Some(region) =
                attr(&b.body, "region").and_then(|e| tree.eval(e, chain, &env).text())
            else {
                continue;
            };
            if region != own {
                out.push(
                    Diagnostic::error(
                        at_key(src, b, "region"),
                        format!(
                            "{what} reads region {region} from a root in {own}{}: this root cannot plan while {region} is down, which is when a disaster-recovery root is needed",
                            from(chain)
                        ),
                    )
                    .with_hint("pass what the root needs from the other region as a value (a variable), not a lookup")
                    .with_rule("root-reads-only-its-region"),
                );
            }
        }
    }
}

const OIDC_SUB: &str = "token.actions.githubusercontent.com:sub";

/// The subject patterns of `values` (a literal interpolation is a `*`).
fn subjects(tree: &Tree, e: &Expression, chain: &[Frame]) -> Vec<String> {
    // A `for` over an unknown list still shows its template: `repo:${repo}:*` → `repo:*:*`.
    if let Expression::ForExpr(f) = e {
        if let Some(parts) = template_parts(&f.value_expr) {
            if !matches!(
                tree.eval(&f.collection_expr, chain, &Env::new()),
                Val::List(_)
            ) {
                return vec![parts
                    .iter()
                    .map(|p| match p {
                        Part::Lit(s) => s.clone(),
                        Part::Expr(_) => "*".to_string(),
                    })
                    .collect()];
            }
        }
    }
    tree.patterns(e, chain, &Env::new())
}

/// Whether a GitHub subject is pinned to a ref, an environment or pull requests.
fn pinned(subject: &str) -> bool {
    !subject.ends_with(":*")
        && subject != "*"
        && (subject.contains(":ref:")
            || subject.contains(":environment:")
            || subject.ends_with(":pull_request"))
}

/// `github-oidc-subject-pinned`: condition blocks of policy documents and `jsonencode`d
/// conditions alike.
fn oidc_subjects(out: &mut Vec<Diagnostic>, tree: &Tree, chains: &Chains) {
    let env = Env::new();
    for chain in chains {
        for (src, b) in tree.blocks(chain[0].dir) {
            let mut found: Vec<String> = Vec::new();
            visit_blocks(&b.body, &mut |blk| {
                if blk.identifier.as_str() != "condition" {
                    return;
                }
                let variable =
                    attr(&blk.body, "variable").and_then(|e| tree.eval(e, chain, &env).text());
                if variable.as_deref() == Some(OIDC_SUB) {
                    if let Some(values) = attr(&blk.body, "values") {
                        found.extend(subjects(tree, values, chain));
                    }
                }
            });
            walk_attrs(&b.body, &mut |_, e| {
                visit_objects(e, &mut |o| {
                    for test in keys(o) {
                        if let Some(inner) = field(o, &test) {
                            if let Some(v) = field(inner, OIDC_SUB) {
                                found.extend(subjects(tree, v, chain));
                            }
                        }
                    }
                });
            });
            for subject in found.into_iter().filter(|s| !pinned(s)) {
                out.push(
                    Diagnostic::error(
                        at(src, b),
                        format!(
                            "the GitHub OIDC trust accepts the subject \"{subject}\"{}: any branch, tag or pull request of the repository may assume the role",
                            from(chain)
                        ),
                    )
                    .with_hint("pin token.actions.githubusercontent.com:sub to repo:<owner>/<repo>:ref:refs/heads/main or repo:<owner>/<repo>:environment:<name>")
                    .with_rule("github-oidc-subject-pinned"),
                );
            }
        }
    }
}

fn visit_blocks<'b>(body: &'b Body, f: &mut dyn FnMut(&'b Block)) {
    for b in body.blocks() {
        f(b);
        visit_blocks(&b.body, f);
    }
}

fn visit_objects<'e>(e: &'e Expression, f: &mut dyn FnMut(&'e Expression)) {
    match e {
        Expression::Object(o) => {
            f(e);
            for (_, v) in o.iter() {
                visit_objects(v, f);
            }
        }
        Expression::Array(items) => items.iter().for_each(|x| visit_objects(x, f)),
        Expression::FuncCall(c) => c.args.iter().for_each(|x| visit_objects(x, f)),
        Expression::Parenthesis(x) => visit_objects(x, f),
        _ => {}
    }
}

/// `s3-backend-names-kms-key`.
fn backend_kms_key(out: &mut Vec<Diagnostic>, tree: &Tree) {
    for dir in tree.folders.keys() {
        for (src, b) in tree.blocks(dir) {
            if b.identifier.as_str() != "terraform" {
                continue;
            }
            for backend in b
                .body
                .blocks()
                .filter(|x| x.identifier.as_str() == "backend" && labels(x) == ["s3"])
            {
                let encrypt =
                    matches!(attr(&backend.body, "encrypt"), Some(Expression::Bool(true)));
                if encrypt && attr(&backend.body, "kms_key_id").is_none() {
                    out.push(
                        Diagnostic::error(
                            src.at(src.line_of("backend \"s3\"")),
                            "the S3 backend sets encrypt = true without kms_key_id: Terraform then writes the state with SSE-S3 (AES256), so the KMS key does not gate who reads the state",
                        )
                        .with_hint("set kms_key_id to the ARN of the state key of the bucket's region")
                        .with_rule("s3-backend-names-kms-key"),
                    );
                }
            }
        }
    }
}

/// A statement of an IAM policy: (actions, resources), as patterns.
struct Statement {
    actions: Vec<String>,
    resources: Vec<String>,
}

/// The Allow statements of policy documents and `jsonencode`d policies in the chain's folder.
fn statements(tree: &Tree, chain: &[Frame]) -> Vec<Statement> {
    let env = Env::new();
    let mut out = Vec::new();
    for (_, b) in tree.blocks(chain[0].dir) {
        if b.identifier.as_str() == "data" && labels(b).first() == Some(&"aws_iam_policy_document")
        {
            visit_blocks(&b.body, &mut |s| {
                // `statement` blocks, and the `content` of `dynamic "statement"` ones.
                if !matches!(s.identifier.as_str(), "statement" | "content") {
                    return;
                }
                let body = &s.body;
                if attr(body, "effect")
                    .and_then(|e| tree.eval(e, chain, &env).text())
                    .is_some_and(|e| e == "Deny")
                {
                    return;
                }
                let (Some(a), Some(r)) = (attr(body, "actions"), attr(body, "resources")) else {
                    return;
                };
                out.push(Statement {
                    actions: tree.patterns(a, chain, &env),
                    resources: tree.patterns(r, chain, &env),
                });
            });
        }
        walk_attrs(&b.body, &mut |_, e| {
            visit_objects(e, &mut |o| {
                let (Some(a), Some(r)) = (field(o, "Action"), field(o, "Resource")) else {
                    return;
                };
                if field(o, "Effect")
                    .and_then(|e| tree.eval(e, chain, &env).text())
                    .is_some_and(|e| e == "Deny")
                {
                    return;
                }
                out.push(Statement {
                    actions: tree.patterns(a, chain, &env),
                    resources: tree.patterns(r, chain, &env),
                });
            });
        });
    }
    out
}

/// `apply-policy-covers-roles`: the roles and instance profiles created under deployment
/// roots against the resources the policies of `global/` allow to create.
fn apply_policy_roles(out: &mut Vec<Diagnostic>, tree: &Tree, chains: &Chains) {
    let env = Env::new();
    let policy: Vec<Statement> = chains
        .iter()
        .filter(|c| c.last().is_some_and(|r| r.dir.starts_with("global/")))
        .flat_map(|c| statements(tree, c))
        .collect();
    let allowed = |action: &str, kind: &str| -> Vec<String> {
        policy
            .iter()
            .filter(|s| s.actions.iter().any(|a| glob(a, action)))
            .flat_map(|s| s.resources.iter())
            .filter_map(|r| {
                if r == "*" {
                    return Some("*".to_string());
                }
                r.split_once(&format!(":{kind}/"))
                    .map(|(_, tail)| tail.to_string())
            })
            .collect()
    };
    let kinds = [
        ("aws_iam_role", "role", "iam:CreateRole"),
        (
            "aws_iam_instance_profile",
            "instance-profile",
            "iam:CreateInstanceProfile",
        ),
    ];
    // Without any policy every block is reported once, not once per root that calls it.
    let mut reported = BTreeSet::new();
    for (ty, kind, action) in kinds {
        let patterns = allowed(action, kind);
        for chain in chains {
            if !deployment_root(tree, chain) {
                continue;
            }
            for (src, b) in resources(tree, chain[0].dir, ty) {
                let name = match (attr(&b.body, "name"), attr(&b.body, "name_prefix")) {
                    (Some(n), _) => tree.pattern(n, chain, &env),
                    (None, Some(p)) => format!("{}*", tree.pattern(p, chain, &env)),
                    (None, None) => "*".to_string(),
                };
                let role_path =
                    attr(&b.body, "path").map_or("/".to_string(), |p| tree.pattern(p, chain, &env));
                let full = format!("{}{name}", role_path.trim_start_matches('/'));
                if patterns.iter().any(|p| glob(p, &full)) {
                    continue;
                }
                if patterns.is_empty() && !reported.insert(at(src, b)) {
                    continue;
                }
                let why = if patterns.is_empty() {
                    format!("no policy in global/ allows {action}")
                } else {
                    format!("no {action} statement of global/ covers it")
                };
                out.push(
                    Diagnostic::error(
                        at(src, b),
                        format!(
                            "{ty}.{} \"{full}\"{} is not covered by the apply policy: {why}, so the role applying this root cannot create it",
                            labels(b)[1],
                            from(chain)
                        ),
                    )
                    .with_hint("scope the apply policy of global/iam to the project's name prefix (e.g. role/<project>-*) and keep every generated name under it")
                    .with_rule("apply-policy-covers-roles"),
                );
            }
        }
    }
}

/// `apply-policy-covers-roles`, for roles no `aws_iam_role` names: a CloudFormation stack (or a
/// Serverless Application Repository application) acknowledged to create IAM resources creates
/// them itself, without the permissions boundary the apply policy requires, under names the
/// policy does not know.
fn stack_roles(out: &mut Vec<Diagnostic>, tree: &Tree, chains: &Chains) {
    let env = Env::new();
    let mut reported = BTreeSet::new();
    for chain in chains {
        if !deployment_root(tree, chain) {
            continue;
        }
        for ty in [
            "aws_cloudformation_stack",
            "aws_serverlessapplicationrepository_cloudformation_stack",
        ] {
            for (src, b) in resources(tree, chain[0].dir, ty) {
                let iam = attr(&b.body, "capabilities").is_some_and(|e| {
                    match tree.eval(e, chain, &env) {
                        Val::List(items) => items.iter().any(|i| {
                            i.text().is_some_and(|c| {
                                c == "CAPABILITY_IAM" || c == "CAPABILITY_NAMED_IAM"
                            })
                        }),
                        // Not known offline: it may create roles.
                        Val::Unknown => true,
                        _ => false,
                    }
                });
                if !iam || !reported.insert(at(src, b)) {
                    continue;
                }
                out.push(
                    Diagnostic::error(
                        at(src, b),
                        format!(
                            "{ty}.{} creates IAM roles through CloudFormation{}: they carry no permissions boundary and names of CloudFormation's choosing, so the role applying this root cannot create them",
                            labels(b)[1],
                            from(chain)
                        ),
                    )
                    .with_hint("create the resources with Terraform (roles with the permissions boundary and the project's prefix), or have an administrator apply the stack")
                    .with_rule("apply-policy-covers-roles"),
                );
            }
        }
    }
}

/// SQS keeps a message 4 days unless told otherwise.
const SQS_DEFAULT_RETENTION: f64 = 345_600.0;

/// `sqs-dlq-retention-longer`.
fn dlq_retention(out: &mut Vec<Diagnostic>, tree: &Tree, chains: &Chains) {
    let env = Env::new();
    for chain in chains {
        let queues = resources(tree, chain[0].dir, "aws_sqs_queue");
        let retention = |b: &Block| match attr(&b.body, "message_retention_seconds") {
            None => Val::Num(SQS_DEFAULT_RETENTION),
            Some(e) => tree.eval(e, chain, &env),
        };
        for (src, b) in &queues {
            let Some(policy) = attr(&b.body, "redrive_policy") else {
                continue;
            };
            let mut target = None;
            visit_objects(policy, &mut |o| {
                if let Some(t) = field(o, "deadLetterTargetArn").and_then(path) {
                    if t.0 == "aws_sqs_queue" {
                        target = t.1.first().cloned().flatten();
                    }
                }
            });
            let Some(dlq) = target.and_then(|t| queues.iter().find(|(_, q)| labels(q)[1] == t))
            else {
                continue;
            };
            if let (Val::Num(source), Val::Num(kept)) = (retention(b), retention(dlq.1)) {
                if source >= kept {
                    out.push(
                        Diagnostic::error(
                            at_key(src, b, "message_retention_seconds"),
                            format!(
                                "aws_sqs_queue.{} keeps messages {source} s and its dead-letter queue {} only {kept} s{}: a moved message keeps its original enqueue time, so the dead-letter queue deletes it before anyone looks",
                                labels(b)[1],
                                labels(dlq.1)[1],
                                from(chain)
                            ),
                        )
                        .with_hint("make the dead-letter queue's retention longer than the source's (e.g. 4 days and 14 days)")
                        .with_rule("sqs-dlq-retention-longer"),
                    );
                }
            }
        }
    }
}

/// Environment variables Lambda reserves.
const RESERVED_ENV: &[&str] = &[
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API",
    "LAMBDA_TASK_ROOT",
    "LAMBDA_RUNTIME_DIR",
];

/// `lambda-reserved-environment`: the variables of `environment` blocks (static or
/// `dynamic`), through the variables they come from.
fn lambda_environment(out: &mut Vec<Diagnostic>, tree: &Tree, chains: &Chains) {
    for chain in chains {
        for (src, b) in resources(tree, chain[0].dir, "aws_lambda_function") {
            let mut names = Vec::new();
            for env_block in b.body.blocks() {
                let is_env = env_block.identifier.as_str() == "environment"
                    || (env_block.identifier.as_str() == "dynamic"
                        && labels(env_block) == ["environment"]);
                if !is_env {
                    continue;
                }
                let mut sources = Vec::new();
                walk_attrs(&env_block.body, &mut |_, e| sources.push(e));
                for e in sources {
                    let mut candidates = vec![e];
                    collect_refs(e, &mut candidates);
                    for c in candidates {
                        if let Some(k) = tree.object_keys(c, chain) {
                            names.extend(k);
                        }
                    }
                }
            }
            names.sort();
            names.dedup();
            for name in names.iter().filter(|n| RESERVED_ENV.contains(&n.as_str())) {
                out.push(
                    Diagnostic::error(
                        at(src, b),
                        format!(
                            "aws_lambda_function.{} sets the reserved environment variable {name}{}: Lambda rejects the function configuration",
                            labels(b)[1],
                            from(chain)
                        ),
                    )
                    .with_hint("rename the variable; Lambda sets the reserved ones itself")
                    .with_rule("lambda-reserved-environment"),
                );
            }
        }
    }
}

/// The `var.`/`local.` references inside `e`.
fn collect_refs<'e>(e: &'e Expression, out: &mut Vec<&'e Expression>) {
    match e {
        Expression::Traversal(_)
            if path(e).is_some_and(|(root, _)| root == "var" || root == "local") =>
        {
            out.push(e);
        }
        Expression::Array(items) => items.iter().for_each(|x| collect_refs(x, out)),
        Expression::FuncCall(f) => f.args.iter().for_each(|x| collect_refs(x, out)),
        Expression::Parenthesis(x) => collect_refs(x, out),
        Expression::Conditional(c) => {
            collect_refs(&c.true_expr, out);
            collect_refs(&c.false_expr, out);
        }
        _ => {}
    }
}

/// `log-retention-allowed-value`.
fn log_retention(out: &mut Vec<Diagnostic>, tree: &Tree, chains: &Chains) {
    let env = Env::new();
    for chain in chains {
        for (src, b) in resources(tree, chain[0].dir, "aws_cloudwatch_log_group") {
            let Some(e) = attr(&b.body, "retention_in_days") else {
                continue;
            };
            if let Val::Num(days) = tree.eval(e, chain, &env) {
                let ok = days.fract() == 0.0
                    && crate::catalog::LOG_RETENTION_DAYS
                        .iter()
                        .chain(&[0])
                        .any(|d| f64::from(*d) == days);
                if !ok {
                    out.push(
                        Diagnostic::error(
                            at_key(src, b, "retention_in_days"),
                            format!(
                                "aws_cloudwatch_log_group.{} keeps logs {days} days{}: CloudWatch Logs accepts only 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653",
                                labels(b)[1],
                                from(chain)
                            ),
                        )
                        .with_rule("log-retention-allowed-value"),
                    );
                }
            }
        }
    }
}
