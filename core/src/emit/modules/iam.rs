//! `modules/iam`: account-wide identity — users, groups, the S3 data-access policy, the GitHub
//! Actions OIDC provider and the CI/CD role that trusts it.
//!
//! Users get permissions only through groups; there are no inline policies, and no access keys
//! unless the design gives a user one (`iam.users[].access_key`): then it is kept in SSM
//! Parameter Store, encrypted with a key of its own.

use crate::emit::hcl::*;
use crate::emit::module::{ty, Module, Output, Var};
use crate::emit::security::{kms_key, Choices};

const GITHUB_OIDC_URL: &str = "https://token.actions.githubusercontent.com";
const GITHUB_TOKEN_HOST: &str = "token.actions.githubusercontent.com";

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
                        "&&",
                        op(r("var.create_github_oidc_provider"), "==", b(false)),
                    ),
                    n(1),
                    n(0),
                ),
            )
            .a("url", s(GITHUB_OIDC_URL)),
    );
    main.push(ci_assume_role_document());
    main.push(
        resource("aws_iam_role", "ci")
            .a("count", ci_count())
            .a("name", tpl(vec![T::X(r("var.name_prefix")), T::L("-ci")]))
            .a("path", path())
            .a(
                "description",
                s("Assumed by GitHub Actions workflows of the allowed repositories through OIDC."),
            )
            .a(
                "assume_role_policy",
                r("data.aws_iam_policy_document.ci_assume_role[0].json"),
            )
            .a("max_session_duration", n(3600))
            .b(precondition(op(call("length", vec![r("var.github_repositories")]), ">", n(0)), "The CI role needs at least one GitHub repository (owner/repo) allowed to assume it.")),
    );
    main.push(
        resource("aws_iam_role_policy_attachment", "ci")
            .a(
                "for_each",
                cond(
                    r("var.create_ci_role"),
                    call("toset", vec![r("var.ci_role_managed_policies")]),
                    call("toset", vec![list([])]),
                ),
            )
            .a("role", r("aws_iam_role.ci[0].name"))
            .a("policy_arn", policy_arn(r("each.value"))),
    );

    Module {
        name: "iam",
        description: if keys {
            "Account-wide IAM of the project: users who get permissions only through \
groups (no inline policies; the users the design opted in get a long-lived access key, kept in SSM \
Parameter Store as a SecureString under `/<name_prefix>/iam/<user>/access-key`, encrypted with a \
key of its own), groups with AWS managed policies, a custom S3 \
data-access policy (list the data buckets; get, put and delete their objects; deny anything \
without TLS) attached to the groups that ask for it, the GitHub Actions OIDC provider (created, \
or looked up when another stack owns it) and a CI/CD role that only workflows of the listed \
repositories can assume, for at most one hour. Users and groups are named as given and placed \
under the path `/<name_prefix>/`."
        } else {
            "Account-wide IAM of the project: users who get permissions only through \
groups (no access keys, no inline policies), groups with AWS managed policies, a custom S3 \
data-access policy (list the data buckets; get, put and delete their objects; deny anything \
without TLS) attached to the groups that ask for it, the GitHub Actions OIDC provider (created, \
or looked up when another stack owns it) and a CI/CD role that only workflows of the listed \
repositories can assume, for at most one hour. Users and groups are named as given and placed \
under the path `/<name_prefix>/`."
        },
        variables: variables(users, keys),
        outputs: outputs(users, keys),
        main,
        extra_providers: vec![],
        extra_files: vec![],
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
        ">",
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
    main.push(data("aws_caller_identity", "current"));
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

fn ci_assume_role_document() -> Blk {
    data("aws_iam_policy_document", "ci_assume_role")
        .a("count", ci_count())
        .b(blk("statement", &[])
            .a("sid", s("GitHubActions"))
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
                .a(
                    "values",
                    for_list(
                        "repo",
                        r("var.github_repositories"),
                        tpl(vec![T::L("repo:"), T::X(r("repo")), T::L(":*")]),
                    ),
                )))
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
            op(call("length", vec![r("var.users")]), "==", n(0)),
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
        Var::opt("create_ci_role", ty::bool(), "Create the CI/CD role for GitHub Actions.", b(true)),
        Var::opt(
            "github_repositories",
            ty::list_string(),
            "GitHub repositories allowed to assume the CI/CD role, as `owner/repo` (`*` matches any part).",
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
            "create_github_oidc_provider",
            ty::bool(),
            "Create the GitHub Actions OIDC provider; false looks up the one that exists (only one per account).",
            b(true),
        ),
        Var::opt(
            "ci_role_managed_policies",
            ty::list_string(),
            "AWS managed policy names or policy ARNs attached to the CI/CD role.",
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
            "ci_role_arn",
            "ARN of the CI/CD role; null when it is not created.",
            call("try", vec![r("aws_iam_role.ci[0].arn"), null()]),
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
