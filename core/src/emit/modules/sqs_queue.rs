//! `modules/sqs-queue`: an SQS queue with its dead-letter queue and CloudWatch alarms.

use super::alarms::{self, Alarm};
use crate::emit::hcl::*;
use crate::emit::module::{ty, Module, Output, Var};
use crate::kinds::queue::QUEUE_DLQ;

/// Builds the module; with `subscriptions` (some queue of the design subscribes to a topic), it
/// also subscribes the queue to the topics it is given and admits exactly those in its policy.
pub fn module(subscriptions: bool) -> Module {
    let mut main = File::new();
    main.push(
        resource("aws_sqs_queue", "dlq")
            .a(
                "name",
                tpl(vec![T::X(r("var.name")), T::L(QUEUE_DLQ.suffix)]),
            )
            .a(
                "message_retention_seconds",
                r("var.dlq_message_retention_seconds"),
            )
            .a("kms_master_key_id", r("var.kms_key_arn"))
            .a("kms_data_key_reuse_period_seconds", n(300)),
    );
    main.push(
        resource("aws_sqs_queue", "this")
            .a("name", r("var.name"))
            .a(
                "visibility_timeout_seconds",
                r("var.visibility_timeout_seconds"),
            )
            .a(
                "message_retention_seconds",
                r("var.message_retention_seconds"),
            )
            .a("receive_wait_time_seconds", n(20))
            .a("kms_master_key_id", r("var.kms_key_arn"))
            .a("kms_data_key_reuse_period_seconds", n(300))
            .a(
                "redrive_policy",
                call(
                    "jsonencode",
                    vec![obj([
                        ("deadLetterTargetArn", r("aws_sqs_queue.dlq.arn")),
                        ("maxReceiveCount", r("var.max_receive_count")),
                    ])],
                ),
            )
            // A standard queue's message keeps its original enqueue time in the dead-letter
            // queue: a DLQ retention not longer than the source's deletes it on arrival.
            .b(precondition(
                op(
                    r("var.message_retention_seconds"),
                    Op::Less,
                    r("var.dlq_message_retention_seconds"),
                ),
                "message_retention_seconds must be shorter than dlq_message_retention_seconds: \
a message moved to the dead-letter queue keeps its original enqueue timestamp.",
            )),
    );
    main.push(
        resource("aws_sqs_queue_redrive_allow_policy", "dlq")
            .a("queue_url", r("aws_sqs_queue.dlq.id"))
            .a(
                "redrive_allow_policy",
                call(
                    "jsonencode",
                    vec![obj([
                        ("redrivePermission", s("byQueue")),
                        ("sourceQueueArns", list([r("aws_sqs_queue.this.arn")])),
                    ])],
                ),
            ),
    );
    main.push(alarm(
        "depth",
        "-depth",
        "ApproximateNumberOfMessagesVisible",
        "aws_sqs_queue.this.name",
        r("var.queue_depth_threshold"),
        "Messages are piling up in the queue.",
    ));
    main.push(alarm(
        "age",
        "-age",
        "ApproximateAgeOfOldestMessage",
        "aws_sqs_queue.this.name",
        r("var.message_age_threshold_seconds"),
        "The oldest message has waited too long.",
    ));
    main.push(alarm(
        "dlq",
        "-dlq-not-empty",
        "ApproximateNumberOfMessagesVisible",
        "aws_sqs_queue.dlq.name",
        n(0),
        "Messages failed processing and reached the dead-letter queue.",
    ));

    let mut variables = vec![
        Var::req(
            "name",
            ty::string(),
            "Queue name; the dead-letter queue gets the suffix `-dlq`.",
        ),
        Var::req(
            "kms_key_arn",
            ty::string(),
            "ARN of the customer-managed KMS key encrypting both queues; producers need \
kms:GenerateDataKey and kms:Decrypt on it, consumers kms:Decrypt.",
        ),
        Var::opt(
            "visibility_timeout_seconds",
            ty::number(),
            "Seconds a received message stays invisible; at least the consumer's timeout.",
            n(30),
        ),
        Var::opt(
            "message_retention_seconds",
            ty::number(),
            "Seconds a message is kept (4 days by default); shorter than the dead-letter \
queue's retention, since a message keeps its original enqueue time when it moves there.",
            n(345_600),
        ),
        Var::opt(
            "dlq_message_retention_seconds",
            ty::number(),
            "Seconds a message is kept in the dead-letter queue (14 days by default).",
            n(1_209_600),
        ),
        Var::opt(
            "max_receive_count",
            ty::number(),
            "Receives before a message moves to the dead-letter queue.",
            n(5),
        ),
        Var::opt(
            "queue_depth_threshold",
            ty::number(),
            "Alarm when more messages than this are visible.",
            n(1000),
        ),
        Var::opt(
            "message_age_threshold_seconds",
            ty::number(),
            "Alarm when the oldest message is older than this, in seconds.",
            n(600),
        ),
        alarms::actions_var(),
    ];
    if subscriptions {
        for block in subscription_blocks() {
            main.push(block);
        }
        variables.push(Var::opt(
            "subscriptions",
            call(
                "map",
                vec![call(
                    "object",
                    vec![obj([
                        ("topic_arn", ty::string()),
                        (
                            "raw_message_delivery",
                            call("optional", vec![ty::bool(), b(false)]),
                        ),
                        ("filter_policy", call("optional", vec![ty::string()])),
                    ])],
                )],
            ),
            "SNS topics the queue subscribes to, by a name of your choice: the topic's ARN, \
whether SNS delivers the raw message (no JSON envelope) and an optional filter policy on the \
message attributes (JSON). The queue policy lets SNS send only from these topics; the KMS key's \
policy must let `sns.amazonaws.com` use the key for them.",
            obj(Vec::<(&str, E)>::new()),
        ));
    }

    Module {
        name: "sqs-queue",
        description:
            "An SQS queue with a dead-letter queue (redrive after `max_receive_count` receives; \
messages kept 4 days in the queue and 14 in the dead-letter queue, which must keep them longer \
because a moved message keeps its original enqueue time), both encrypted with the given customer-managed KMS key, long polling, and CloudWatch alarms on \
queue depth, age of the oldest message and a non-empty dead-letter queue.",
        variables,
        outputs: vec![
            Output::new(
                "queue_name",
                "Name of the queue.",
                r("aws_sqs_queue.this.name"),
            ),
            Output::new(
                "queue_arn",
                "ARN of the queue.",
                r("aws_sqs_queue.this.arn"),
            ),
            Output::new(
                "queue_url",
                "URL of the queue.",
                r("aws_sqs_queue.this.url"),
            ),
            Output::new(
                "dlq_name",
                "Name of the dead-letter queue.",
                r("aws_sqs_queue.dlq.name"),
            ),
            Output::new(
                "dlq_arn",
                "ARN of the dead-letter queue.",
                r("aws_sqs_queue.dlq.arn"),
            ),
            Output::new(
                "dlq_url",
                "URL of the dead-letter queue.",
                r("aws_sqs_queue.dlq.url"),
            ),
        ],
        main,
        extra_providers: vec![],
        extra_files: vec![],
        aws_aliases: vec![],
    }
}

/// The queue's subscriptions to `var.subscriptions` and the queue policy that lets SNS send
/// from exactly those topics (none without subscriptions), over TLS only.
fn subscription_blocks() -> Vec<Blk> {
    let some = op(
        call("length", vec![r("var.subscriptions")]),
        Op::Greater,
        n(0),
    );
    vec![
        data("aws_iam_policy_document", "subscriptions")
            .counted(Some(cond(some.clone(), n(1), n(0))))
            .b(blk("statement", &[])
                .a("sid", s("SubscribedTopicsSend"))
                .a("actions", strs(["sqs:SendMessage"]))
                .a("resources", list([r("aws_sqs_queue.this.arn")]))
                .b(blk("principals", &[])
                    .a("type", s("Service"))
                    .a("identifiers", strs(["sns.amazonaws.com"])))
                .b(blk("condition", &[])
                    .a("test", s("ArnEquals"))
                    .a("variable", s("aws:SourceArn"))
                    .a(
                        "values",
                        for_list(
                            "s",
                            call("values", vec![r("var.subscriptions")]),
                            r("s.topic_arn"),
                        ),
                    )))
            .b(crate::emit::security::deny_insecure_transport(
                &["sqs:*"],
                vec![r("aws_sqs_queue.this.arn")],
            )),
        resource("aws_sqs_queue_policy", "subscriptions")
            .counted(Some(cond(some, n(1), n(0))))
            .a("queue_url", r("aws_sqs_queue.this.id"))
            .a(
                "policy",
                r("data.aws_iam_policy_document.subscriptions[0].json"),
            ),
        resource("aws_sns_topic_subscription", "this")
            .a("for_each", r("var.subscriptions"))
            .a("topic_arn", r("each.value.topic_arn"))
            .a("protocol", s("sqs"))
            .a("endpoint", r("aws_sqs_queue.this.arn"))
            .a("raw_message_delivery", r("each.value.raw_message_delivery"))
            .a("filter_policy", r("each.value.filter_policy"))
            // SNS confirms an SQS subscription by sending to the queue: its policy first.
            .a(
                "depends_on",
                list([r("aws_sqs_queue_policy.subscriptions")]),
            ),
    ]
}

/// An alarm on the maximum of `metric` of `queue` (its name) over 5 minutes.
fn alarm(name: &str, suffix: &str, metric: &str, queue: &str, threshold: E, what: &str) -> Blk {
    Alarm {
        name,
        suffix,
        what,
        namespace: "AWS/SQS",
        metric,
        statistic: "Maximum",
        period: 300,
        periods: 1,
        comparison: "GreaterThanThreshold",
        threshold,
        dimensions: vec![("QueueName", r(queue))],
    }
    .block("var.name")
}
