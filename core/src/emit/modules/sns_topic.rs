//! `modules/sns-topic`: an SNS topic a service's code publishes to, which queues of other
//! services subscribe to.
//!
//! SSE-KMS with the deployment's key, and a topic policy that denies every request without
//! TLS, lets only the given roles (the service's own task and function roles) publish, and
//! lets only principals of this account subscribe (the subscribers' roots are in the same
//! account; each subscribed queue's own policy admits the topic by its ARN).

use crate::emit::hcl::*;
use crate::emit::module::{ty, Module, Output, Var};
use crate::emit::security::deny_insecure_transport;

/// Builds the module.
pub fn module() -> Module {
    let this = |attr: &str| r(&format!("aws_sns_topic.this.{attr}"));
    let mut main = File::new();
    main.push(data("aws_caller_identity", "current"));
    main.push(data("aws_partition", "current"));
    main.push(
        resource("aws_sns_topic", "this")
            .a("name", r("var.name"))
            .a("kms_master_key_id", r("var.kms_key_arn")),
    );
    let account_root = tpl(vec![
        T::L("arn:"),
        T::X(r("data.aws_partition.current.partition")),
        T::L(":iam::"),
        T::X(r("data.aws_caller_identity.current.account_id")),
        T::L(":root"),
    ]);
    main.push(
        data("aws_iam_policy_document", "this")
            // A statement with no principal is refused: none without roles.
            .b(blk("dynamic", &["statement"])
                .a(
                    "for_each",
                    cond(
                        op(
                            call("length", vec![r("var.publisher_role_arns")]),
                            Op::Greater,
                            n(0),
                        ),
                        list([r("var.publisher_role_arns")]),
                        list([]),
                    ),
                )
                .b(blk("content", &[])
                    .a("sid", s("ServiceRolesPublish"))
                    .a("actions", strs(["sns:Publish"]))
                    .a("resources", list([this("arn")]))
                    .b(blk("principals", &[])
                        .a("type", s("AWS"))
                        .a("identifiers", r("statement.value")))))
            .b(blk("statement", &[])
                .a("sid", s("ThisAccountSubscribes"))
                .a("actions", strs(["sns:GetTopicAttributes", "sns:Subscribe"]))
                .a("resources", list([this("arn")]))
                .b(blk("principals", &[])
                    .a("type", s("AWS"))
                    .a("identifiers", list([account_root]))))
            .b(deny_insecure_transport(
                &["sns:Publish", "sns:Subscribe"],
                vec![this("arn")],
            )),
    );
    main.push(
        resource("aws_sns_topic_policy", "this")
            .a("arn", this("arn"))
            .a("policy", r("data.aws_iam_policy_document.this.json")),
    );

    Module {
        name: "sns-topic",
        description: "An SNS topic a service's code publishes to: SSE-KMS with the given \
customer-managed key, a topic policy that denies every request without TLS, lets only \
`publisher_role_arns` publish (those roles also need `kms:GenerateDataKey` and `kms:Decrypt` on \
the key) and only principals of this account subscribe. Queues of other services subscribe from \
their own roots, deriving the topic's ARN from its name, so this module's root is applied first.",
        variables: vec![
            Var::req(
                "name",
                ty::string(),
                "Topic name: at most 256 letters, digits, dashes and underscores.",
            ),
            Var::req(
                "kms_key_arn",
                ty::string(),
                "ARN of the customer-managed KMS key that encrypts the messages.",
            ),
            Var::opt(
                "publisher_role_arns",
                ty::list_string(),
                "ARNs of the IAM roles that may publish (the service's task and function \
roles); nobody else may.",
                list([]),
            ),
        ],
        outputs: vec![
            Output::new("topic_arn", "ARN of the topic.", this("arn")),
            Output::new("topic_name", "Name of the topic.", this("name")),
        ],
        main,
        extra_providers: vec![],
        extra_files: vec![],
        aws_aliases: vec![],
    }
}
