//! `modules/iam`: account-wide identity — users, groups, the S3 data-access policy, the
//! project's Terraform apply policy and permissions boundary, the GitHub Actions OIDC provider
//! and the CI/CD plan and apply roles that trust it.
//!
//! Users get permissions only through groups; there are no inline policies, and no access keys
//! unless the design gives a user one (`iam.users[].access_key`): then it is kept in SSM
//! Parameter Store, encrypted with a key of its own.

use crate::emit::hcl::*;
use crate::emit::module::{ty, Module, Output, Var};
use crate::emit::security::{kms_key, Choices};

const GITHUB_OIDC_URL: &str = "https://token.actions.githubusercontent.com";
const GITHUB_TOKEN_HOST: &str = "token.actions.githubusercontent.com";

/// The AWS managed policy every IAM role of the deployment roots carries as its permissions
/// boundary: any action except IAM (but service-linked roles), Organizations and Account
/// management, so no role the CI creates can create or change identities, whatever policy is
/// attached to it. An AWS managed policy: AWS keeps it current with new services, and nobody in
/// the account can widen it.
pub const PERMISSIONS_BOUNDARY_POLICY: &str = "PowerUserAccess";

/// The ARN of the permissions boundary, `arn:<partition>:iam::aws:policy/PowerUserAccess`.
/// The root must have the data source `aws_partition.current`. Every module that creates IAM
/// roles takes it as `permissions_boundary_arn` ([`crate::emit::module::permissions_boundary_var`])
/// and sets `permissions_boundary` on each role; the CI apply policy allows creating a role (and
/// attaching policies to it) only with this boundary.
pub fn permissions_boundary_arn() -> E {
    tpl(vec![
        T::L("arn:"),
        T::X(r("data.aws_partition.current.partition")),
        T::L(":iam::aws:policy/"),
        T::L(PERMISSIONS_BOUNDARY_POLICY),
    ])
}

/// Builds the module.
pub fn module(choices: &Choices) -> Module {
    let mut main = File::new();
    main.push(data("aws_partition", "current"));
    // Users exist only when the design has some: checkov prefers SSO, and an IAM user is a
    // choice the design makes explicitly (`iam.users`).
    let users = !choices.iam_users().is_empty();
    let keys = !choices.access_keys().is_empty();
    main.push(locals(users, keys));

    main.push(
        resource("aws_iam_group", "this")
            .a("for_each", r("var.groups"))
            .a("name", r("each.key"))
            .a("path", path()),
    );
    if users {
        main.push(
            resource("aws_iam_user", "this")
                .skips(choices.iam_users())
                .a("for_each", r("var.users"))
                .a("name", r("each.key"))
                .a("path", path()),
        );
        main.push(
            resource("aws_iam_user_group_membership", "this")
                .a("for_each", r("local.user_group_memberships"))
                .a("user", r("each.value.user"))
                .a("groups", r("each.value.groups")),
        );
    }
    if keys {
        access_keys(&mut main);
    }
    main.push(
        resource("aws_iam_group_policy_attachment", "managed")
            .a("for_each", r("local.group_managed_policies"))
            .a("group", r("each.value.group"))
            .a("policy_arn", policy_arn(r("each.value.policy"))),
    );

    main.push(s3_data_access_document());
    main.push(
        resource("aws_iam_policy", "s3_data_access")
            .a("count", has_buckets_count())
            .a(
                "name",
                tpl(vec![T::X(r("var.name_prefix")), T::L("-s3-data-access")]),
            )
            .a("path", path())
            .a(
                "description",
                s("List, read, write and delete objects of the project's data buckets, over TLS only."),
            )
            .a(
                "policy",
                r("data.aws_iam_policy_document.s3_data_access[0].json"),
            ),
    );
    main.push(
        resource("aws_iam_group_policy_attachment", "s3_data_access")
            .a("for_each", r("local.s3_data_access_group_names"))
            .a("group", r("each.value"))
            .a("policy_arn", r("aws_iam_policy.s3_data_access[0].arn")),
    );

    main.push(
        resource("aws_iam_openid_connect_provider", "github")
            .a(
                "count",
                cond(r("var.create_github_oidc_provider"), n(1), n(0)),
            )
            .a("url", s(GITHUB_OIDC_URL))
            .a("client_id_list", strs(["sts.amazonaws.com"])),
    );
    main.push(
        data("aws_iam_openid_connect_provider", "github")
            .a(
                "count",
                cond(
                    op(
                        r("var.create_ci_role"),
                        Op::And,
                        op(r("var.create_github_oidc_provider"), Op::Eq, b(false)),
                    ),
                    n(1),
                    n(0),
                ),
            )
            .a("url", s(GITHUB_OIDC_URL)),
    );
    main.push(data("aws_caller_identity", "current"));
    main.push(terraform_apply_document());
    main.push(
        resource("aws_iam_policy", "terraform_apply")
            .a("name", tpl(vec![T::X(r("var.name_prefix")), T::L("-terraform-apply")]))
            .a("path", path())
            .a(
                "description",
                s("With PowerUserAccess, what applying the deployment roots needs: the project's own \
IAM roles (only with its permissions boundary), instance profiles and policies, passed only to the \
services that use them."),
            )
            .a("policy", r("data.aws_iam_policy_document.terraform_apply.json")),
    );
    main.push(
        resource("aws_iam_group_policy_attachment", "terraform_apply")
            .a("for_each", r("local.terraform_apply_group_names"))
            .a("group", r("each.value"))
            .a("policy_arn", r("aws_iam_policy.terraform_apply.arn")),
    );

    main.push(ci_assume_role_document(
        "ci_plan_assume",
        "GitHubPullRequestsAndDefaultBranch",
        r("local.ci_plan_subjects"),
    ));
    main.push(ci_assume_role_document(
        "ci_apply_assume",
        "GitHubEnvironments",
        r("local.ci_apply_subjects"),
    ));
    // What a plan must read besides the state: the master secrets of databases with replicas
    // and the functions' environment, where the design has them.
    let reads = PlanReads {
        secrets: choices.terraform_db_passwords(),
        functions: choices.has_functions(),
    };
    main.push(state_access_document("ci_plan_state", Some(reads)));
    main.push(state_access_document("ci_apply_state", None));
    main.push(
        resource("aws_iam_role", "ci_plan")
            .a("count", ci_count())
            .a("name", tpl(vec![T::X(r("var.name_prefix")), T::L("-ci-plan")]))
            .a("path", path())
            .a(
                "description",
                s("Read-only: GitHub Actions plans of pull requests and the default branch, through OIDC."),
            )
            .a(
                "assume_role_policy",
                r("data.aws_iam_policy_document.ci_plan_assume[0].json"),
            )
            .a("max_session_duration", n(3600))
            .b(precondition(op(call("length", vec![r("var.github_repositories")]), Op::Greater, n(0)), "The CI roles need at least one GitHub repository (owner/repo) allowed to assume them.")),
    );
    main.push(
        resource("aws_iam_role_policy_attachment", "ci_plan_read_only")
            .a("count", ci_count())
            .a("role", r("aws_iam_role.ci_plan[0].name"))
            .a("policy_arn", policy_arn(s("ReadOnlyAccess"))),
    );
    main.push(
        resource("aws_iam_role_policy", "ci_plan_state")
            .a("count", ci_count())
            .a("name", s("terraform-state"))
            .a("role", r("aws_iam_role.ci_plan[0].id"))
            .a(
                "policy",
                r("data.aws_iam_policy_document.ci_plan_state[0].json"),
            ),
    );
    main.push(
        resource("aws_iam_role", "ci_apply")
            .a("count", ci_count())
            .a("name", tpl(vec![T::X(r("var.name_prefix")), T::L("-ci-apply")]))
            .a("path", path())
            .a(
                "description",
                s("GitHub Actions apply jobs in a tier's GitHub environment, through OIDC."),
            )
            .a(
                "assume_role_policy",
                r("data.aws_iam_policy_document.ci_apply_assume[0].json"),
            )
            // A prod apply (databases, replicas, instance refreshes) can outlast one hour.
            .a("max_session_duration", n(CI_APPLY_SESSION_SECONDS.into()))
            .b(precondition(op(call("length", vec![r("local.ci_apply_subjects")]), Op::Greater, n(0)), "The CI apply role needs at least one GitHub repository and one GitHub environment (github_apply_environments).")),
    );
    main.push(
        resource("aws_iam_role_policy_attachment", "ci_apply")
            .a(
                "for_each",
                cond(
                    r("var.create_ci_role"),
                    call("toset", vec![r("var.ci_role_managed_policies")]),
                    call("toset", vec![list([])]),
                ),
            )
            .a("role", r("aws_iam_role.ci_apply[0].name"))
            .a("policy_arn", policy_arn(r("each.value"))),
    );
    main.push(
        resource("aws_iam_role_policy_attachment", "ci_apply_terraform")
            .a("count", ci_count())
            .a("role", r("aws_iam_role.ci_apply[0].name"))
            .a("policy_arn", r("aws_iam_policy.terraform_apply.arn")),
    );
    main.push(
        resource("aws_iam_role_policy", "ci_apply_state")
            .a("count", ci_count())
            .a("name", s("terraform-state"))
            .a("role", r("aws_iam_role.ci_apply[0].id"))
            .a(
                "policy",
                r("data.aws_iam_policy_document.ci_apply_state[0].json"),
            ),
    );

    Module {
        name: "iam",
        description: if keys {
            "Account-wide IAM of the project: users who get permissions only through \
groups (no inline policies; the users the design opted in get a long-lived access key, kept in SSM \
Parameter Store as a SecureString under `/<name_prefix>/iam/<user>/access-key`, encrypted with a \
key of its own), groups with AWS managed policies, a custom S3 \
data-access policy (list the data buckets; get, put and delete their objects; deny anything \
without TLS) attached to the groups that ask for it, the project's Terraform apply policy \
(with `PowerUserAccess`, which allows no IAM writes: the project's own roles `<name_prefix>-*`, only \
with the permissions boundary `PowerUserAccess` attached, their instance \
profiles and policies, and `iam:PassRole` of those roles only to the services that use them) for \
the groups that ask for it, the GitHub Actions OIDC provider (created, or looked up when another \
stack owns it) and two CI/CD roles: `<name_prefix>-ci-plan` (`ReadOnlyAccess`, state read and \
lock files, and where the design has them the master secrets `rds/<name_prefix>-*` of databases \
with replicas that a plan refreshes (the state holds the same password) and the functions' \
environment through Lambda; pull requests and the default branch of the listed repositories) and \
`<name_prefix>-ci-apply` (the listed managed policies and the apply policy, for up to four \
hours; only jobs in the listed GitHub environments). Users and groups are named as given and \
placed under the path `/<name_prefix>/`, like this module's policies and roles."
        } else {
            "Account-wide IAM of the project: users who get permissions only through \
groups (no access keys, no inline policies), groups with AWS managed policies, a custom S3 \
data-access policy (list the data buckets; get, put and delete their objects; deny anything \
without TLS) attached to the groups that ask for it, the project's Terraform apply policy \
(with `PowerUserAccess`, which allows no IAM writes: the project's own roles `<name_prefix>-*`, only \
with the permissions boundary `PowerUserAccess` attached, their instance \
profiles and policies, and `iam:PassRole` of those roles only to the services that use them) for \
the groups that ask for it, the GitHub Actions OIDC provider (created, or looked up when another \
stack owns it) and two CI/CD roles: `<name_prefix>-ci-plan` (`ReadOnlyAccess`, state read and \
lock files, and where the design has them the master secrets `rds/<name_prefix>-*` of databases \
with replicas that a plan refreshes (the state holds the same password) and the functions' \
environment through Lambda; pull requests and the default branch of the listed repositories) and \
`<name_prefix>-ci-apply` (the listed managed policies and the apply policy, for up to four \
hours; only jobs in the listed GitHub environments). Users and groups are named as given and \
placed under the path `/<name_prefix>/`, like this module's policies and roles."
        },
        variables: variables(users, keys),
        outputs: outputs(users, keys),
        main,
        extra_providers: vec![],
        extra_files: vec![],
        aws_aliases: vec![],
    }
}

/// `/<name_prefix>/`, the IAM path of everything the module creates.
fn path() -> E {
    tpl(vec![T::L("/"), T::X(r("var.name_prefix")), T::L("/")])
}

/// The ARN of an AWS managed policy given by name, or the value itself when it is an ARN.
fn policy_arn(policy: E) -> E {
    cond(
        call("startswith", vec![policy.clone(), s("arn:")]),
        policy.clone(),
        tpl(vec![
            T::L("arn:"),
            T::X(r("data.aws_partition.current.partition")),
            T::L(":iam::aws:policy/"),
            T::X(policy),
        ]),
    )
}

fn has_buckets() -> E {
    op(
        call("length", vec![r("var.s3_data_bucket_names")]),
        Op::Greater,
        n(0),
    )
}

fn has_buckets_count() -> E {
    cond(has_buckets(), n(1), n(0))
}

fn ci_count() -> E {
    cond(r("var.create_ci_role"), n(1), n(0))
}

/// The users' long-lived access keys, each in an SSM SecureString parameter (JSON with
/// `access_key_id` and `secret_access_key`) encrypted with a customer-managed key that only the
/// account (through IAM) may use. The secret is in the Terraform state too, which the state
/// bucket's key encrypts.
fn access_keys(main: &mut File) {
    main.push(kms_key(
        "access_keys",
        None,
        tpl(vec![
            T::L("IAM user access keys of "),
            T::X(r("var.name_prefix")),
            T::L(" in SSM Parameter Store"),
        ]),
        (
            r("data.aws_partition.current.partition"),
            r("data.aws_caller_identity.current.account_id"),
        ),
        Vec::new(),
    ));
    main.push(
        resource("aws_kms_alias", "access_keys")
            .a(
                "name",
                tpl(vec![
                    T::L("alias/"),
                    T::X(r("var.name_prefix")),
                    T::L("-iam-access-keys"),
                ]),
            )
            .a("target_key_id", r("aws_kms_key.access_keys.key_id")),
    );
    main.push(
        resource("aws_iam_access_key", "this")
            .a("for_each", r("local.access_key_users"))
            .a("user", r("aws_iam_user.this[each.key].name")),
    );
    main.push(
        resource("aws_ssm_parameter", "access_key")
            .a("for_each", r("local.access_key_users"))
            .a(
                "name",
                tpl(vec![
                    T::L("/"),
                    T::X(r("var.name_prefix")),
                    T::L("/iam/"),
                    T::X(r("each.key")),
                    T::L("/access-key"),
                ]),
            )
            .a(
                "description",
                tpl(vec![
                    T::L("Access key of the IAM user "),
                    T::X(r("each.key")),
                    T::L(" (JSON: access_key_id, secret_access_key)"),
                ]),
            )
            .a("type", s("SecureString"))
            .a("key_id", r("aws_kms_key.access_keys.arn"))
            .a(
                "value",
                call(
                    "jsonencode",
                    vec![obj([
                        ("access_key_id", r("aws_iam_access_key.this[each.key].id")),
                        (
                            "secret_access_key",
                            r("aws_iam_access_key.this[each.key].secret"),
                        ),
                    ])],
                ),
            ),
    );
}

fn locals(users: bool, keys: bool) -> Blk {
    // Maps are built with `zipmap` so every `for_each` key is a name from the variables (known
    // at plan time) while the values reference the resources they depend on.
    let user_names = call("keys", vec![r("var.users")]);
    let group_names = call("keys", vec![r("var.groups")]);
    let memberships = users.then(|| {
        call(
            "zipmap",
            vec![
                user_names.clone(),
                for_list(
                    "name",
                    user_names,
                    obj([
                        ("user", r("aws_iam_user.this[name].name")),
                        (
                            "groups",
                            for_list(
                                "group",
                                r("var.users[name].groups"),
                                r("aws_iam_group.this[group].name"),
                            ),
                        ),
                    ]),
                ),
            ],
        )
    });
    let access_key_users = keys.then(|| {
        call(
            "toset",
            vec![call(
                "compact",
                vec![for_list(
                    "name",
                    call("keys", vec![r("var.users")]),
                    cond(r("var.users[name].access_key"), r("name"), s("")),
                )],
            )],
        )
    });
    blk("locals", &[])
        .opt("user_group_memberships", memberships)
        .opt("access_key_users", access_key_users)
        .a(
            "group_policy_pairs",
            call(
                "flatten",
                vec![for_list(
                    "name",
                    group_names.clone(),
                    for_list(
                        "policy",
                        r("var.groups[name].managed_policies"),
                        obj([
                            (
                                "key",
                                tpl(vec![T::X(r("name")), T::L("/"), T::X(r("policy"))]),
                            ),
                            ("group", r("aws_iam_group.this[name].name")),
                            ("policy", r("policy")),
                        ]),
                    ),
                )],
            ),
        )
        .a(
            "group_managed_policies",
            call(
                "zipmap",
                vec![
                    for_list("pair", r("local.group_policy_pairs"), r("pair.key")),
                    r("local.group_policy_pairs"),
                ],
            ),
        )
        .a(
            "s3_data_access_groups",
            cond(
                has_buckets(),
                call(
                    "compact",
                    vec![for_list(
                        "name",
                        group_names,
                        cond(r("var.groups[name].s3_data_access"), r("name"), s("")),
                    )],
                ),
                list([]),
            ),
        )
        .a(
            "s3_data_access_group_names",
            call(
                "zipmap",
                vec![
                    r("local.s3_data_access_groups"),
                    for_list(
                        "name",
                        r("local.s3_data_access_groups"),
                        r("aws_iam_group.this[name].name"),
                    ),
                ],
            ),
        )
        .a(
            "terraform_apply_group_names",
            call(
                "zipmap",
                vec![
                    call(
                        "compact",
                        vec![for_list(
                            "name",
                            call("keys", vec![r("var.groups")]),
                            cond(r("var.groups[name].terraform_apply"), r("name"), s("")),
                        )],
                    ),
                    call(
                        "compact",
                        vec![for_list(
                            "name",
                            call("keys", vec![r("var.groups")]),
                            cond(
                                r("var.groups[name].terraform_apply"),
                                r("aws_iam_group.this[name].name"),
                                s(""),
                            ),
                        )],
                    ),
                ],
            ),
        )
        .a(
            "ci_plan_subjects",
            call(
                "flatten",
                vec![for_list(
                    "repo",
                    r("var.github_repositories"),
                    list([
                        tpl(vec![T::L("repo:"), T::X(r("repo")), T::L(":pull_request")]),
                        tpl(vec![
                            T::L("repo:"),
                            T::X(r("repo")),
                            T::L(":ref:refs/heads/"),
                            T::X(r("var.github_default_branch")),
                        ]),
                    ]),
                )],
            ),
        )
        .a(
            "ci_apply_subjects",
            call(
                "flatten",
                vec![for_list(
                    "repo",
                    r("var.github_repositories"),
                    for_list(
                        "environment",
                        r("var.github_apply_environments"),
                        tpl(vec![
                            T::L("repo:"),
                            T::X(r("repo")),
                            T::L(":environment:"),
                            T::X(r("environment")),
                        ]),
                    ),
                )],
            ),
        )
        .a(
            "bucket_arns",
            for_list(
                "bucket",
                r("var.s3_data_bucket_names"),
                tpl(vec![
                    T::L("arn:"),
                    T::X(r("data.aws_partition.current.partition")),
                    T::L(":s3:::"),
                    T::X(r("bucket")),
                ]),
            ),
        )
        .a(
            "github_oidc_provider_arn",
            cond(
                r("var.create_github_oidc_provider"),
                r("aws_iam_openid_connect_provider.github[0].arn"),
                call(
                    "try",
                    vec![
                        r("data.aws_iam_openid_connect_provider.github[0].arn"),
                        null(),
                    ],
                ),
            ),
        )
}

fn s3_data_access_document() -> Blk {
    let objects = for_list(
        "arn",
        r("local.bucket_arns"),
        tpl(vec![T::X(r("arn")), T::L("/*")]),
    );
    data("aws_iam_policy_document", "s3_data_access")
        .a("count", has_buckets_count())
        .b(blk("statement", &[])
            .a("sid", s("ListDataBuckets"))
            .a("actions", strs(["s3:GetBucketLocation", "s3:ListBucket"]))
            .a("resources", r("local.bucket_arns")))
        .b(blk("statement", &[])
            .a("sid", s("ReadWriteDataObjects"))
            .a(
                "actions",
                strs(["s3:DeleteObject", "s3:GetObject", "s3:PutObject"]),
            )
            .a("resources", objects.clone()))
        .b(blk("statement", &[])
            .a("sid", s("DenyInsecureTransport"))
            .a("effect", s("Deny"))
            .a("actions", strs(["s3:*"]))
            .a(
                "resources",
                call("concat", vec![r("local.bucket_arns"), objects]),
            )
            .b(blk("condition", &[])
                .a("test", s("Bool"))
                .a("variable", s("aws:SecureTransport"))
                .a("values", strs(["false"]))))
}

/// A GitHub Actions OIDC trust: the audience AWS expects (`sts.amazonaws.com`) and one of
/// `subjects` (`repo:<owner>/<repo>:pull_request`, `…:ref:refs/heads/<branch>`,
/// `…:environment:<name>`: the `sub` claim GitHub sends, which names the environment whenever
/// the job runs in one).
fn ci_assume_role_document(name: &str, sid: &str, subjects: E) -> Blk {
    data("aws_iam_policy_document", name)
        .a("count", ci_count())
        .b(blk("statement", &[])
            .a("sid", s(sid))
            .a("actions", strs(["sts:AssumeRoleWithWebIdentity"]))
            .b(blk("principals", &[])
                .a("type", s("Federated"))
                .a("identifiers", list([r("local.github_oidc_provider_arn")])))
            .b(blk("condition", &[])
                .a("test", s("StringEquals"))
                .a("variable", s(format!("{GITHUB_TOKEN_HOST}:aud")))
                .a("values", strs(["sts.amazonaws.com"])))
            .b(blk("condition", &[])
                .a("test", s("StringLike"))
                .a("variable", s(format!("{GITHUB_TOKEN_HOST}:sub")))
                .a("values", subjects)))
}

/// `arn:<partition>:iam::<account>:<kind>/<name_prefix>-*`: the project's own IAM resources of
/// a kind. Every role, instance profile and policy a deployment root creates is named so; the
/// roles and policies of this module live under the path `/<name_prefix>/` and do not match.
fn project_iam_arn(kind: &str) -> E {
    tpl(vec![
        T::L("arn:"),
        T::X(r("data.aws_partition.current.partition")),
        T::L(":iam::"),
        T::X(r("data.aws_caller_identity.current.account_id")),
        T::L(&format!(":{kind}/")),
        T::X(r("var.name_prefix")),
        T::L("-*"),
    ])
}

/// Services the deployment roots pass the project's roles to: ECS tasks, EC2 (instance
/// profiles of the ECS hosts), Lambda, RDS enhanced monitoring and RDS Proxy, S3 replication,
/// EventBridge rules and EventBridge Scheduler.
pub const PASSED_TO_SERVICES: [&str; 8] = [
    "ec2.amazonaws.com",
    "ecs-tasks.amazonaws.com",
    "events.amazonaws.com",
    "lambda.amazonaws.com",
    "monitoring.rds.amazonaws.com",
    "rds.amazonaws.com",
    "s3.amazonaws.com",
    "scheduler.amazonaws.com",
];

/// Session length of the CI apply role, in seconds (4 hours): a prod apply with databases and
/// replicas outlasts the default hour. The workflow asks for the same (`role-duration-seconds`).
pub const CI_APPLY_SESSION_SECONDS: u32 = 14_400;

/// What applying a deployment root needs on top of `PowerUserAccess`, which allows no IAM
/// writes and no `iam:PassRole`.
fn terraform_apply_document() -> Blk {
    let roles = || project_iam_arn("role");
    let boundary = permissions_boundary_arn;
    let statement = |sid: &str, actions: &[&str], resources: Vec<E>| {
        blk("statement", &[])
            .a("sid", s(sid))
            .a("actions", strs(actions))
            .a("resources", list(resources))
    };
    data("aws_iam_policy_document", "terraform_apply")
        .b(statement(
            "ReadProjectIam",
            &["iam:Get*", "iam:List*"],
            vec![
                roles(),
                project_iam_arn("instance-profile"),
                project_iam_arn("policy"),
            ],
        ))
        .b(statement(
            "CreateAndChangeRolesOnlyWithTheBoundary",
            &[
                "iam:AttachRolePolicy",
                "iam:CreateRole",
                "iam:DeleteRolePolicy",
                "iam:DetachRolePolicy",
                "iam:PutRolePermissionsBoundary",
                "iam:PutRolePolicy",
            ],
            vec![roles()],
        )
        .b(blk("condition", &[])
            .a("test", s("StringEquals"))
            .a("variable", s("iam:PermissionsBoundary"))
            .a("values", list([boundary()]))))
        .b(statement(
            "ManageProjectRoles",
            &[
                "iam:DeleteRole",
                "iam:TagRole",
                "iam:UntagRole",
                "iam:UpdateAssumeRolePolicy",
                "iam:UpdateRole",
                "iam:UpdateRoleDescription",
            ],
            vec![roles()],
        ))
        .b(statement(
            "ManageProjectInstanceProfiles",
            &[
                "iam:AddRoleToInstanceProfile",
                "iam:CreateInstanceProfile",
                "iam:DeleteInstanceProfile",
                "iam:RemoveRoleFromInstanceProfile",
                "iam:TagInstanceProfile",
                "iam:UntagInstanceProfile",
            ],
            vec![project_iam_arn("instance-profile")],
        ))
        .b(statement(
            "ManageProjectPolicies",
            &[
                "iam:CreatePolicy",
                "iam:CreatePolicyVersion",
                "iam:DeletePolicy",
                "iam:DeletePolicyVersion",
                "iam:SetDefaultPolicyVersion",
                "iam:TagPolicy",
                "iam:UntagPolicy",
            ],
            vec![project_iam_arn("policy")],
        ))
        .b(statement(
            "PassProjectRolesToTheirServices",
            &["iam:PassRole"],
            vec![roles()],
        )
        .b(blk("condition", &[])
            .a("test", s("StringEquals"))
            .a("variable", s("iam:PassedToService"))
            .a("values", strs(PASSED_TO_SERVICES))))
        .b(statement(
            "NeverLiftTheBoundary",
            &[
                "iam:DeleteRolePermissionsBoundary",
                "iam:DeleteUserPermissionsBoundary",
            ],
            vec![s("*")],
        )
        .a("effect", s("Deny")))
        .b(statement(
            "NeverChangeThisPolicy",
            &[
                "iam:CreatePolicyVersion",
                "iam:DeletePolicy",
                "iam:DeletePolicyVersion",
                "iam:SetDefaultPolicyVersion",
            ],
            vec![tpl(vec![
                T::L("arn:"),
                T::X(r("data.aws_partition.current.partition")),
                T::L(":iam::"),
                T::X(r("data.aws_caller_identity.current.account_id")),
                T::L(":policy/"),
                T::X(r("var.name_prefix")),
                T::L("/"),
                T::X(r("var.name_prefix")),
                T::L("-terraform-apply"),
            ])],
        )
        .a("effect", s("Deny")))
}

/// State access of a CI role, in every state bucket: list the bucket, read state objects, write
/// and delete the S3 lock files (`<key>.tflock`, taken by plan too) and, for `write`, the state
/// objects; use the state key only through S3 for these buckets (state and lock files are
/// written with it: `kms_key_id` in every backend block).
/// What the plan role reads besides the state (see [`state_access_document`]).
#[derive(Clone, Copy)]
struct PlanReads {
    /// The databases' master secrets (`GetSecretValue`, decrypted through Secrets Manager).
    secrets: bool,
    /// The functions' environment (decrypted through Lambda).
    functions: bool,
}

/// The state policy of the apply role (`plan` is `None`: read and write) or of the plan role
/// (read, take locks, and what `plan` says it must read besides).
fn state_access_document(name: &str, plan: Option<PlanReads>) -> Blk {
    let write = plan.is_none();
    let secrets = plan.is_some_and(|p| p.secrets);
    let functions = plan.is_some_and(|p| p.functions);
    let buckets = || {
        for_list(
            "bucket",
            call("values", vec![r("var.state_buckets")]),
            tpl(vec![
                T::L("arn:"),
                T::X(r("data.aws_partition.current.partition")),
                T::L(":s3:::"),
                T::X(r("bucket")),
            ]),
        )
    };
    let objects =
        |suffix: &str| for_list("arn", buckets(), tpl(vec![T::X(r("arn")), T::L(suffix)]));
    let statement = |sid: &str, actions: &[&str], resources: E| {
        blk("statement", &[])
            .a("sid", s(sid))
            .a("actions", strs(actions))
            .a("resources", resources)
    };
    data("aws_iam_policy_document", name)
        .a("count", ci_count())
        .b(statement(
            "ListStateBuckets",
            &["s3:GetBucketLocation", "s3:ListBucket"],
            buckets(),
        ))
        .b(if write {
            statement(
                "ReadAndWriteState",
                &["s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
                objects("/*"),
            )
        } else {
            statement("ReadState", &["s3:GetObject"], objects("/*"))
        })
        .ob((!write).then(|| {
            statement(
                "TakeAndReleaseStateLocks",
                &["s3:DeleteObject", "s3:PutObject"],
                objects("/*.tflock"),
            )
        }))
        .b(statement(
            "UseTheStateKeyThroughS3",
            &["kms:Decrypt", "kms:GenerateDataKey"],
            list([account_keys()]),
        )
        .b(blk("condition", &[])
            .a("test", s("StringEquals"))
            .a("variable", s("kms:ViaService"))
            .a(
                "values",
                for_list(
                    "region",
                    call("keys", vec![r("var.state_buckets")]),
                    tpl(vec![T::L("s3."), T::X(r("region")), T::L(".amazonaws.com")]),
                ),
            ))
        .b(blk("condition", &[])
            .a("test", s("StringLike"))
            .a("variable", s("kms:EncryptionContext:aws:s3:arn"))
            .a("values", call("concat", vec![buckets(), objects("/*")]))))
        // A plan refreshes the databases' master secret versions (GetSecretValue). The plan role
        // reads the state, which holds the same password (the random_password resource), so
        // this grants nothing the role could not read already.
        .ob(secrets.then(|| {
            statement(
                "RefreshTheDatabaseMasterSecrets",
                &["secretsmanager:GetSecretValue"],
                list([master_secrets()]),
            )
        }))
        .ob(secrets.then(|| {
            statement(
                "DecryptThemThroughSecretsManager",
                &["kms:Decrypt"],
                list([account_keys()]),
            )
            .b(blk("condition", &[])
                .a("test", s("StringLike"))
                .a("variable", s("kms:ViaService"))
                .a("values", strs(["secretsmanager.*.amazonaws.com"])))
            .b(blk("condition", &[])
                .a("test", s("StringLike"))
                .a("variable", s("kms:EncryptionContext:SecretARN"))
                .a("values", list([master_secrets()])))
        }))
        // Lambda returns a function's environment variables (encrypted with the deployment key)
        // only to a caller that may decrypt them; without, every plan would show them changing.
        .ob(functions.then(|| {
            statement(
                "ReadFunctionEnvironmentThroughLambda",
                &["kms:Decrypt"],
                list([account_keys()]),
            )
            .b(blk("condition", &[])
                .a("test", s("StringLike"))
                .a("variable", s("kms:ViaService"))
                .a("values", strs(["lambda.*.amazonaws.com"])))
            .b(blk("condition", &[])
                .a("test", s("StringLike"))
                .a("variable", s("kms:EncryptionContext:LambdaFunctionName"))
                .a(
                    "values",
                    list([tpl(vec![T::X(r("var.name_prefix")), T::L("-*")])]),
                ))
        }))
}

/// Every KMS key of the account, in any region (narrowed by the statement's conditions).
fn account_keys() -> E {
    tpl(vec![
        T::L("arn:"),
        T::X(r("data.aws_partition.current.partition")),
        T::L(":kms:*:"),
        T::X(r("data.aws_caller_identity.current.account_id")),
        T::L(":key/*"),
    ])
}

/// The master secrets of the project's databases (`rds/<project>-…/master-…`, in any region).
fn master_secrets() -> E {
    tpl(vec![
        T::L("arn:"),
        T::X(r("data.aws_partition.current.partition")),
        T::L(":secretsmanager:*:"),
        T::X(r("data.aws_caller_identity.current.account_id")),
        T::L(":secret:rds/"),
        T::X(r("var.name_prefix")),
        T::L("-*"),
    ])
}

fn users_type(keys: bool) -> E {
    let mut fields = vec![("groups", ty::list_string())];
    if keys {
        fields.push(("access_key", call("optional", vec![ty::bool(), b(false)])));
    }
    call("map", vec![call("object", vec![obj(fields)])])
}

fn groups_type() -> E {
    call(
        "map",
        vec![call(
            "object",
            vec![obj([
                ("managed_policies", ty::list_string()),
                ("s3_data_access", ty::bool()),
                (
                    "terraform_apply",
                    call("optional", vec![ty::bool(), b(false)]),
                ),
            ])],
        )],
    )
}

fn variables(users: bool, keys: bool) -> Vec<Var> {
    let users_var = Var::opt(
        "users",
        users_type(keys),
        if keys {
            "IAM users by name, with the groups (keys of `groups`) they belong to and whether they \
get a long-lived access key (`access_key`, default false)."
        } else {
            "IAM users by name, with the groups (keys of `groups`) they belong to."
        },
        obj::<&str>([]),
    );
    let users_var = if users {
        users_var
    } else {
        users_var.validate(
            op(call("length", vec![r("var.users")]), Op::Eq, n(0)),
            "The design has no IAM users (iam.users), so this module creates none: add them to the \
design and regenerate.",
        )
    };
    vec![
        Var::req(
            "name_prefix",
            ty::string(),
            "Project name: prefix of the policy and role names and the IAM path `/<name_prefix>/`.",
        ),
        users_var,
        Var::opt(
            "groups",
            groups_type(),
            "IAM groups by name: AWS managed policy names (e.g. `ReadOnlyAccess`) or policy ARNs to attach, and whether to attach the S3 data-access policy.",
            obj::<&str>([]),
        ),
        Var::opt(
            "s3_data_bucket_names",
            ty::list_string(),
            "Buckets the S3 data-access policy covers; empty creates no policy.",
            list([]),
        ),
        Var::opt(
            "create_ci_role",
            ty::bool(),
            "Create the CI/CD roles for GitHub Actions: `<name_prefix>-ci-plan` (read-only) and `<name_prefix>-ci-apply`.",
            b(true),
        ),
        Var::opt(
            "github_repositories",
            ty::list_string(),
            "GitHub repositories allowed to assume the CI/CD roles, as `owner/repo` (`*` matches any part).",
            list([]),
        )
        .validate(
            call(
                "alltrue",
                vec![for_list(
                    "repo",
                    r("var.github_repositories"),
                    call("can", vec![call("regex", vec![s("^[^/:]+/[^/:]+$"), r("repo")])]),
                )],
            ),
            "github_repositories are owner/repo, e.g. \"my-org/infrastructure\" (a * matches any part).",
        ),
        Var::opt(
            "github_default_branch",
            ty::string(),
            "Branch whose workflow runs (outside an environment) may assume the plan role, besides pull requests.",
            s("main"),
        ),
        Var::opt(
            "github_apply_environments",
            ty::list_string(),
            "GitHub environments whose jobs may assume the apply role (`repo:<owner>/<repo>:environment:<name>`); one per tier. Protect each with required reviewers and the default branch only.",
            list([]),
        ),
        Var::opt(
            "state_buckets",
            call("map", vec![ty::string()]),
            "Terraform state bucket of each region, by region name: the CI roles read state, take lock files and use the state key through S3 there.",
            obj::<&str>([]),
        ),
        Var::opt(
            "create_github_oidc_provider",
            ty::bool(),
            "Create the GitHub Actions OIDC provider; false looks up the one that exists (only one per account).",
            b(true),
        ),
        Var::opt(
            "ci_role_managed_policies",
            ty::list_string(),
            "AWS managed policy names or policy ARNs attached to the CI/CD apply role, besides the project's Terraform apply policy (e.g. `PowerUserAccess`).",
            list([]),
        ),
    ]
}

fn outputs(users: bool, keys: bool) -> Vec<Output> {
    let mut outputs = vec![
        Output::new(
            "user_names",
            "Names of the IAM users.",
            if users {
                for_list("user", r("aws_iam_user.this"), r("user.name"))
            } else {
                list([])
            },
        ),
        Output::new(
            "group_names",
            "Names of the IAM groups.",
            for_list("group", r("aws_iam_group.this"), r("group.name")),
        ),
        Output::new(
            "ci_plan_role_arn",
            "ARN of the read-only CI plan role (pull requests, default branch); null when it is not created.",
            call("try", vec![r("aws_iam_role.ci_plan[0].arn"), null()]),
        ),
        Output::new(
            "ci_apply_role_arn",
            "ARN of the CI apply role (jobs in the GitHub environments); null when it is not created.",
            call("try", vec![r("aws_iam_role.ci_apply[0].arn"), null()]),
        ),
        Output::new(
            "terraform_apply_policy_arn",
            "ARN of the project's Terraform apply policy (attach it with PowerUserAccess to whoever applies).",
            r("aws_iam_policy.terraform_apply.arn"),
        ),
        Output::new(
            "permissions_boundary_arn",
            "ARN of the permissions boundary every role of the deployment roots carries (AWS managed PowerUserAccess).",
            permissions_boundary_arn(),
        ),
        Output::new(
            "s3_data_access_policy_arn",
            "ARN of the S3 data-access policy; null when there are no data buckets.",
            call(
                "try",
                vec![r("aws_iam_policy.s3_data_access[0].arn"), null()],
            ),
        ),
        Output::new(
            "github_oidc_provider_arn",
            "ARN of the GitHub Actions OIDC provider, created or looked up; null when neither.",
            r("local.github_oidc_provider_arn"),
        ),
    ];
    if keys {
        outputs.push(Output::new(
            "access_key_parameters",
            "SSM parameter holding each user's access key (SecureString JSON), by user name.",
            for_map(
                "name",
                "parameter",
                r("aws_ssm_parameter.access_key"),
                r("name"),
                r("parameter.name"),
            ),
        ));
    }
    outputs
}
