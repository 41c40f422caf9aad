//! Issue 15: events between services (`services[].topics`, `queues[].subscribe`), end to end:
//! the publisher's topic and who may publish, the subscriber's derived ARN, subscription,
//! queue policy and key policy, the apply order in the docs and the workflow, the design
//! rules, round trips and the designer's edits.

mod bundle_text;

use bundle_text::{errors, files, module_block};
use tfdesign_core::design::{Design, Queue, Subscription, Topic};
use tfdesign_core::edit::{self, Block};
use tfdesign_core::plan::Plan;
use tfdesign_core::{kinds, link, presets};

/// minimal with a second service `billing` (a worker-less copy) whose queue `invoices`
/// subscribes to topic `orders` of `web-api`.
fn design() -> Design {
    let mut d = presets::minimal();
    let mut billing = d.services[0].clone();
    billing.name = "billing".into();
    billing.queues.push(Queue {
        name: "invoices".into(),
        subscribe: vec![Subscription {
            topic: "web-api.orders".into(),
            raw_message_delivery: true,
            filter_policy: r#"{"kind": ["paid"]}"#.into(),
        }],
        ..Queue::default()
    });
    d.services[0].topics.push(Topic {
        name: "orders".into(),
    });
    d.services.push(billing);
    d
}

/// `text` with every run of spaces made one (alignment aside).
fn squash(text: &str) -> String {
    text.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_publisher_makes_the_topic_and_only_its_code_publishes() {
    let d = design();
    assert_eq!(errors(&d), []);
    let f = files(&d);
    let web = &f["environments/web-api/eu-west-1/dev/main.tf"];
    let topic = module_block(web, "topic_orders");
    for needle in [
        "source = \"../../../../modules/sns-topic\"",
        "name                = \"${local.name}-orders\"",
        "kms_key_arn         = aws_kms_key.this.arn",
        "publisher_role_arns = [module.api.task_role_arn]",
    ] {
        assert!(topic.contains(needle), "{needle} in\n{topic}");
    }
    assert!(web.contains("TOPIC_ORDERS_ARN = module.topic_orders.topic_arn"));
    // The API may use the key the topic is encrypted with.
    let api = module_block(web, "api");
    assert!(
        api.lines().any(|l| l.split_whitespace().collect::<Vec<_>>()
            == ["kms_key_arns", "=", "[aws_kms_key.this.arn]"]),
        "{api}"
    );
    let outputs = &f["environments/web-api/eu-west-1/dev/outputs.tf"];
    assert!(outputs.contains("output \"topic_orders_arn\""));
    // The module: encrypted, TLS only, publishers and this account only.
    let m = &squash(&f["modules/sns-topic/main.tf"]);
    for needle in [
        "kms_master_key_id = var.kms_key_arn",
        "sid = \"ServiceRolesPublish\"",
        "sid = \"ThisAccountSubscribes\"",
        ":iam::${data.aws_caller_identity.current.account_id}:root",
        "variable = \"aws:SecureTransport\"",
    ] {
        assert!(m.contains(needle), "{needle} in sns-topic");
    }
    for file in ["README.md", "variables.tf", "outputs.tf", "versions.tf"] {
        assert!(
            f.contains_key(&format!("modules/sns-topic/{file}")),
            "{file}"
        );
    }
    // The subscriber makes no topic.
    let billing = &f["environments/billing/eu-west-1/dev/main.tf"];
    assert!(!billing.contains("modules/sns-topic"));
}

#[test]
fn the_subscriber_derives_the_arn_and_admits_exactly_that_topic() {
    let f = files(&design());
    let billing = &f["environments/billing/eu-west-1/dev/main.tf"];
    let arn = "arn:${data.aws_partition.current.partition}:sns:${var.aws_region}:\
${data.aws_caller_identity.current.account_id}:acme-dev-web-api-orders";
    let queue = module_block(billing, "queue_invoices");
    assert!(
        queue.contains(&format!("topic_arn            = \"{arn}\"")),
        "{queue}"
    );
    assert!(queue.contains("raw_message_delivery = true"));
    assert!(
        queue.contains("filter_policy = jsonencode({\n        kind = [\"paid\"]"),
        "{queue}"
    );
    // The key policy lets SNS use the queue's key for that topic only.
    let key = billing
        .split("Sid    = \"SubscribedTopicsDeliverToTheQueues\"")
        .nth(1)
        .expect("key statement");
    let key = &key[..key.find("},\n    ]").expect("statement end")];
    assert!(key.contains("Service = \"sns.amazonaws.com\""));
    assert!(
        key.contains(&format!(
            "\"aws:SourceArn\" = [\n              \"{arn}\",\n            ]"
        )),
        "{key}"
    );
    // The publisher's key has no such statement: nothing subscribes through it.
    let web = &f["environments/web-api/eu-west-1/dev/main.tf"];
    assert!(!web.contains("SubscribedTopicsDeliverToTheQueues"));
    // The module subscribes the queue and lets SNS send from the given topics only.
    let m = &squash(&f["modules/sqs-queue/main.tf"]);
    for needle in [
        "resource \"aws_sns_topic_subscription\" \"this\"",
        "protocol = \"sqs\"",
        "resource \"aws_sqs_queue_policy\" \"subscriptions\"",
        "identifiers = [\"sns.amazonaws.com\"]",
        "test = \"ArnEquals\"",
        "values = [for s in values(var.subscriptions) : s.topic_arn]",
    ] {
        assert!(m.contains(needle), "{needle} in sqs-queue");
    }
    // The README says which root applies first.
    let readme = &f["environments/billing/eu-west-1/dev/README.md"];
    assert!(readme.contains("## Subscriptions"));
    assert!(
        readme.contains("root `environments/web-api/eu-west-1/dev`"),
        "{readme}"
    );
}

#[test]
fn publishers_apply_before_their_subscribers() {
    let d = design();
    let f = files(&d);
    let readme = &f["README.md"];
    assert!(
        readme.contains("the services' roots go in this order (the workflow gives each group a stage of its own): `web-api` → `billing`"),
        "{readme}"
    );
    let wf = &f[".github/workflows/terraform.yml"];
    let first = wf.find("  apply_dev_eu_west_1:").expect("first stage");
    let second = wf.find("  apply_dev_eu_west_1_2:").expect("second stage");
    assert!(first < second);
    let plan2 = &wf[wf
        .find("  plan_dev_eu_west_1_2:")
        .expect("plan of the second stage")..];
    assert!(plan2.contains("needs: [fmt, manifest, checkov, changes, apply_dev_eu_west_1]"));
    // The first stage holds the publisher, the second the subscriber.
    let changes = &wf[wf.find("stage dev_eu_west_1 ").expect("changes")..];
    let first_roots = &changes[..changes.find("stage dev_eu_west_1_2 ").expect("second")];
    assert!(first_roots.contains("environments/web-api/eu-west-1/dev"));
    assert!(!first_roots.contains("environments/billing/"));
    // Without subscriptions there is a single stage per tier and region.
    let mut alone = d.clone();
    alone.services[1].queues[0].subscribe.clear();
    let wf = &files(&alone)[".github/workflows/terraform.yml"];
    assert!(!wf.contains("apply_dev_eu_west_1_2"));
    assert!(!files(&alone)["modules/sqs-queue/main.tf"].contains("aws_sns_topic_subscription"));
    // The diagram draws the edge between the services.
    let diagram = &f["DIAGRAM.md"];
    assert!(diagram
        .contains("eu_west_1_dev_web_api -- \"orders → invoices\" --> eu_west_1_dev_billing"));
    assert!(diagram.contains("sns_web_api_orders -->|subscription| q_invoices"));
}

#[test]
fn every_subscription_finds_its_publisher_in_the_same_tier_and_region() {
    let d = presets::saas_platform();
    let plan = Plan::build(&d);
    let mut seen = 0;
    for dep in &plan.deployments {
        for sub in &dep.subscriptions {
            seen += 1;
            let publisher = plan
                .deployments
                .iter()
                .find(|p| p.dir == sub.publisher_dir)
                .expect("the publisher's root exists");
            assert_eq!(
                (publisher.tier, &publisher.region, publisher.dr),
                (dep.tier, &dep.region, dep.dr)
            );
            let topic = sub.topic.split_once('.').expect("service.topic").1;
            assert_eq!(sub.topic_name, format!("{}-{topic}", publisher.name));
        }
    }
    // billing and reports subscribe, in each of the 4 tier-regions.
    assert_eq!(seen, 8);
    let dr = plan
        .deployments
        .iter()
        .find(|p| p.dr && !p.subscriptions.is_empty())
        .expect("a DR subscriber");
    assert!(dr.subscriptions[0].topic_name.contains("-dr-"));
}

/// The errors of `d` under the first queue's subscriptions of `billing`.
fn sub_errors(d: &Design) -> Vec<(String, String)> {
    errors(d)
        .into_iter()
        .filter(|(p, _)| p.starts_with("/services/1/queues/0/subscribe"))
        .collect()
}

#[test]
fn rules_point_at_the_subscription() {
    let check = |change: fn(&mut Design), expected: &[(&str, &str)]| {
        let mut d = design();
        change(&mut d);
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(p, m)| (p.to_string(), m.to_string()))
            .collect();
        assert_eq!(sub_errors(&d), want);
    };
    check(|_| {}, &[]);
    check(
        |d| d.services[1].queues[0].subscribe[0].topic = "nobody.orders".into(),
        &[(
            "/services/1/queues/0/subscribe/0/topic",
            "no service is named \"nobody\"",
        )],
    );
    check(
        |d| d.services[1].queues[0].subscribe[0].topic = "web-api.refunds".into(),
        &[(
            "/services/1/queues/0/subscribe/0/topic",
            "the service \"web-api\" has no topic \"refunds\"",
        )],
    );
    check(
        |d| d.services[1].queues[0].subscribe[0].topic = "orders".into(),
        &[(
            "/services/1/queues/0/subscribe/0/topic",
            "\"orders\" is not a topic of the form <service>.<topic>",
        )],
    );
    check(
        |d| {
            d.services[1].topics.push(Topic { name: "own".into() });
            d.services[1].queues[0].subscribe[0].topic = "billing.own".into();
        },
        &[(
            "/services/1/queues/0/subscribe/0/topic",
            "the queue \"invoices\" subscribes to its own service's topic \"own\"",
        )],
    );
    check(
        |d| {
            let again = d.services[1].queues[0].subscribe[0].clone();
            d.services[1].queues[0].subscribe.push(again);
        },
        &[(
            "/services/1/queues/0/subscribe/1/topic",
            "the queue \"invoices\" subscribes to \"web-api.orders\" twice",
        )],
    );
    check(
        |d| d.services[1].queues[0].subscribe[0].filter_policy = r#"["paid"]"#.into(),
        &[(
            "/services/1/queues/0/subscribe/0/filter_policy",
            "the filter policy must be a JSON object of attribute names",
        )],
    );
    check(
        |d| {
            d.services[1].queues[0].subscribe[0].filter_policy =
                r#"{"a":["x"],"b":["x"],"c":["x"],"d":["x"],"e":["x"],"f":["x"]}"#.into()
        },
        &[(
            "/services/1/queues/0/subscribe/0/filter_policy",
            "the filter policy names 6 attributes; SNS accepts at most 5",
        )],
    );
    // A circle: web-api's queue subscribes to billing's topic, billing's to web-api's.
    let mut d = design();
    d.services[1].topics.push(Topic {
        name: "paid".into(),
    });
    d.services[0].queues.push(Queue {
        name: "paid".into(),
        subscribe: vec![Subscription {
            topic: "billing.paid".into(),
            ..Subscription::default()
        }],
        ..Queue::default()
    });
    let e = errors(&d);
    assert!(
        e.contains(&(
            "/services/1/queues/0/subscribe/0/topic".into(),
            "subscriptions go round in a circle: billing → web-api → billing".into()
        )),
        "{e:?}"
    );
    assert!(e.contains(&(
        "/services/0/queues/0/subscribe/0/topic".into(),
        "subscriptions go round in a circle: web-api → billing → web-api".into()
    )));
    assert_eq!(kinds::topic::apply_order(&d), None);
    // Topic names: token, once each.
    let mut d = design();
    d.services[0].topics.push(Topic {
        name: "orders".into(),
    });
    d.services[0].topics.push(Topic {
        name: "Bad_Name".into(),
    });
    let e = errors(&d);
    assert!(e.contains(&(
        "/services/0/topics/1/name".into(),
        "topic \"orders\" is defined twice".into()
    )));
    assert!(e.iter().any(|(p, _)| p == "/services/0/topics/2/name"));
}

#[test]
fn designs_with_topics_round_trip_through_json_and_links() {
    let d = presets::saas_platform();
    assert_eq!(errors(&d), []);
    let json = d.to_json();
    assert!(json.contains("\"subscribe\""));
    assert!(json.contains("\"topics\""));
    assert_eq!(Design::from_json(&json).expect("loads"), d);
    let encoded = link::encode(&d).expect("encodes");
    assert_eq!(link::decode(&encoded).expect("decodes"), d);
    // A version-1 queue without the field still loads, subscribing to nothing.
    let minimal = presets::minimal().to_json();
    assert!(!minimal.contains("subscribe"));
}

#[test]
fn edits_keep_subscriptions_pointing_at_their_topic() {
    let mut d = design();
    assert_eq!(edit::subscribable(&d, 1, 0), Vec::<String>::new());
    edit::add_topic(&mut d, 0);
    assert_eq!(edit::subscribable(&d, 1, 0), ["web-api.events"]);
    // Its own topics are never offered to a service's queue.
    edit::add_topic(&mut d, 1);
    assert_eq!(edit::subscribable(&d, 1, 0), ["web-api.events"]);
    assert_eq!(
        edit::add_subscription(&mut d, 1, 0, "web-api.events"),
        Some(1)
    );
    edit::rename_topic(&mut d, 0, 0, "sales");
    assert_eq!(d.services[1].queues[0].subscribe[0].topic, "web-api.sales");
    edit::rename_service(&mut d, 0, "shop");
    let topics: Vec<&str> = d.services[1].queues[0]
        .subscribe
        .iter()
        .map(|s| s.topic.as_str())
        .collect();
    assert_eq!(topics, ["shop.sales", "shop.events"]);
    assert_eq!(errors(&d), []);
    edit::remove_topic(&mut d, 0, 0);
    assert_eq!(d.services[1].queues[0].subscribe.len(), 1);
    assert_eq!(d.services[1].queues[0].subscribe[0].topic, "shop.events");
    edit::remove_subscription(&mut d, 1, 0, 0);
    assert!(d.services[1].queues[0].subscribe.is_empty());
    // A topic is a block of the designer: added, duplicated and removed as a whole.
    assert_eq!(
        edit::add_block(&mut d, 0, Block(&kinds::Topic)).as_deref(),
        Some("/topics/1/name")
    );
    assert_eq!(
        edit::block_at("/topics/1/name"),
        Some((Block(&kinds::Topic), 1))
    );
    assert_eq!(
        edit::duplicate_block(&mut d, 0, Block(&kinds::Topic), 1).as_deref(),
        Some("/topics/2/name")
    );
    edit::remove_block(&mut d, 0, Block(&kinds::Topic), 2);
    assert_eq!(d.services[0].topics.len(), 2);
}

#[test]
fn the_designer_draws_topics() {
    let d = design();
    let chips = kinds::chips(&d.services[0], false);
    assert!(chips
        .iter()
        .any(|c| c.class == "topic" && c.label == "SNS×1"));
    let drawing = kinds::diagram(&d.services[0], false);
    assert!(drawing.shapes.iter().any(|s| matches!(
        s,
        kinds::Shape::Node { class: "topic", label, field, .. } if label == "SNS orders" && field == "/topics/0/name"
    )));
    assert_eq!(
        kinds::topic::edges(&d),
        [(0, "orders".to_string(), 1, "invoices".to_string())]
    );
}
