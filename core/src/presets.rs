//! Built-in designs people start from.

use crate::design::*;
use std::collections::BTreeMap;

/// Names of the built-in presets, in the order they are offered.
pub const NAMES: &[&str] = &["sports-cards", "minimal", "saas-platform"];

/// The preset called `name`, if there is one.
pub fn get(name: &str) -> Option<Design> {
    match name {
        "sports-cards" => Some(sports_cards()),
        "minimal" => Some(minimal()),
        "saas-platform" => Some(saas_platform()),
        _ => None,
    }
}

fn tier(
    name: &str,
    regions: &[&str],
    compute: TierCompute,
    database: TierDatabase,
    logs: u32,
) -> Tier {
    Tier {
        name: name.into(),
        regions: regions.iter().map(|r| r.to_string()).collect(),
        compute,
        database,
        log_retention_days: logs,
        alarms: TierAlarms::default(),
        ..Tier::default()
    }
}

fn codes(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(t, c)| (t.to_string(), c.to_string()))
        .collect()
}

fn backend(project: &str, regions: &[&str]) -> Backend {
    Backend {
        regions: regions
            .iter()
            .map(|r| {
                (
                    r.to_string(),
                    StateBackend {
                        bucket: format!("{project}-tfstate-{r}"),
                        ..StateBackend::default()
                    },
                )
            })
            .collect(),
    }
}

/// The security settings of a dev/staging/prod platform: no WAF in dev, load balancers that
/// may be destroyed outside prod, and prod served at `domain`, validated in hosted zone `zone`.
fn three_tier_security(domain: &str, zone: &str) -> Security {
    Security {
        tiers: BTreeMap::from([
            (
                "dev".into(),
                TierSecurity {
                    waf: false,
                    alb_deletion_protection: false,
                    ..TierSecurity::default()
                },
            ),
            (
                "staging".into(),
                TierSecurity {
                    alb_deletion_protection: false,
                    ..TierSecurity::default()
                },
            ),
            (
                "prod".into(),
                TierSecurity {
                    domain: Some(domain.into()),
                    route53_zone_id: Some(zone.into()),
                    ..TierSecurity::default()
                },
            ),
        ]),
        services: BTreeMap::new(),
        ..Security::default()
    }
}

/// The placeholder image of APIs and workers until the team's own is built (see the
/// `Default` of [`Container`] and [`Worker`]).
pub use crate::design::PLACEHOLDER_IMAGE;

/// Whether `command` is one of the placeholders' (it only works with [`PLACEHOLDER_IMAGE`]).
pub fn is_placeholder_command(command: &[String]) -> bool {
    !command.is_empty()
        && (command == Container::default().command || command == Worker::default().command)
}

/// The placeholder API ([`Container::default`]) with this port and size.
pub fn placeholder_api(port: u32, cpu: u32, memory: u32) -> Container {
    Container {
        port,
        cpu,
        memory,
        ..Container::default()
    }
}

/// The placeholder worker ([`Worker::default`]) with this size, consuming `queues`.
pub fn placeholder_worker(cpu: u32, memory: u32, queues: Vec<String>) -> Worker {
    Worker {
        cpu,
        memory,
        queues,
        ..Worker::default()
    }
}

/// The platform of the seed: three services, dev/staging/prod in us-east-1 and a hot standby
/// of prod in us-west-2.
pub fn sports_cards() -> Design {
    let dev = tier(
        "dev",
        &["us-east-1"],
        TierCompute {
            instance_type: "t3.small".into(),
            asg_min: 1,
            asg_max: 10,
            asg_desired: 2,
            task_count: 1,
            fargate_spot: false,
        },
        TierDatabase::default(),
        7,
    );
    let staging = tier(
        "staging",
        &["us-east-1"],
        TierCompute {
            instance_type: "t3.medium".into(),
            asg_min: 1,
            asg_max: 10,
            asg_desired: 3,
            task_count: 2,
            fargate_spot: false,
        },
        TierDatabase {
            instance_class: "db.t4g.small".into(),
            allocated_storage_gb: 50,
            max_allocated_storage_gb: 200,
            ..TierDatabase::default()
        },
        7,
    );
    let mut prod = tier(
        "prod",
        &["us-east-1", "us-west-2"],
        TierCompute {
            instance_type: "m6i.large".into(),
            asg_min: 1,
            asg_max: 10,
            asg_desired: 5,
            task_count: 3,
            fargate_spot: false,
        },
        TierDatabase {
            instance_class: "db.r6g.large".into(),
            allocated_storage_gb: 100,
            max_allocated_storage_gb: 500,
            multi_az: true,
            read_replicas: 2,
            cross_region_replica: true,
            backup_retention_days: 30,
            deletion_protection: true,
            performance_insights: true,
            ..TierDatabase::default()
        },
        30,
    );
    // Production alarms must reach someone (validation requires it): a placeholder on-call
    // address to replace with the team's own.
    prod.alarms.notify_emails = vec!["platform-oncall@example.com".into()];

    let catalog = Service {
        name: "card-catalog-api".into(),
        description: "Public catalogue of sports cards: search, card details and images.".into(),
        cost_codes: codes(&[
            ("dev", "A1B2C3D4"),
            ("staging", "C5D6E7F8"),
            ("prod", "E9F0A1B2"),
        ]),
        api: Some(Container {
            cpu: 512,
            memory: 1024,
            ..Container::default()
        }),
        lambdas: vec![LambdaFunction {
            name: "image-resizer".into(),
            runtime: "nodejs22.x".into(),
            memory_mb: 512,
            function_url: true,
            ..LambdaFunction::default()
        }],
        database: Some(Database {
            db_name: "catalog".into(),
            username: "catalog_admin".into(),
            ..Database::default()
        }),
        ..Service::default()
    };
    let orders = Service {
        name: "orders-ingestion".into(),
        description: "Takes orders from the storefront and queues them for fulfilment.".into(),
        cost_codes: codes(&[
            ("dev", "G3H4I5J6"),
            ("staging", "K7L8M9N0"),
            ("prod", "J9K0L1M2"),
        ]),
        api: Some(Container {
            port: 3000,
            cpu: 512,
            memory: 1024,
            ..Container::default()
        }),
        worker: Some(Worker {
            queues: vec!["orders".into()],
            ..Worker::default()
        }),
        lambdas: vec![LambdaFunction {
            name: "order-validator".into(),
            runtime: "python3.11".into(),
            timeout_seconds: 60,
            function_url: true,
            ..LambdaFunction::default()
        }],
        database: Some(Database {
            db_name: "orders".into(),
            username: "orders_admin".into(),
            ..Database::default()
        }),
        queues: vec![Queue {
            name: "orders".into(),
            visibility_timeout_seconds: 300,
            max_receive_count: 5,
            subscribe: Vec::new(),
        }],
        ..Service::default()
    };
    let manufacturing = Service {
        name: "manufacturing-orchestrator".into(),
        description: "Plans print runs and drives the manufacturing partners' jobs.".into(),
        cost_codes: codes(&[
            ("dev", "P1Q2R3S4"),
            ("staging", "X7Y8Z9W0"),
            ("prod", "T5U6V7W8"),
        ]),
        worker: Some(Worker {
            cpu: 512,
            memory: 1024,
            queues: vec!["jobs".into()],
            ..Worker::default()
        }),
        lambdas: vec![
            LambdaFunction {
                name: "cleanup".into(),
                runtime: "python3.11".into(),
                timeout_seconds: 300,
                ..LambdaFunction::default()
            },
            LambdaFunction {
                name: "partner-sync".into(),
                runtime: "nodejs22.x".into(),
                memory_mb: 512,
                timeout_seconds: 120,
                function_url: true,
                ..LambdaFunction::default()
            },
        ],
        database: Some(Database {
            db_name: "manufacturing".into(),
            username: "manufacturing_admin".into(),
            ..Database::default()
        }),
        queues: vec![Queue {
            name: "jobs".into(),
            visibility_timeout_seconds: 600,
            max_receive_count: 5,
            subscribe: Vec::new(),
        }],
        schedules: vec![
            Schedule {
                name: "daily-cleanup".into(),
                expression: "cron(0 4 * * ? *)".into(),
                description: "Daily cleanup at 04:00 UTC".into(),
                lambda: "cleanup".into(),
            },
            Schedule {
                name: "hourly-sync".into(),
                expression: "rate(1 hour)".into(),
                description: "Hourly partner data synchronisation".into(),
                lambda: "partner-sync".into(),
            },
        ],
        ..Service::default()
    };

    Design {
        project: "sports-cards".into(),
        regions: vec![
            Region {
                name: "us-east-1".into(),
                role: RegionRole::Primary,
            },
            Region {
                name: "us-west-2".into(),
                role: RegionRole::Dr,
            },
        ],
        tiers: vec![dev, staging, prod],
        services: vec![catalog, orders, manufacturing],
        iam: Iam {
            users: vec![
                IamUser {
                    name: "deployer".into(),
                    groups: vec!["deployers".into()],
                    ..IamUser::default()
                },
                IamUser {
                    name: "reader".into(),
                    groups: vec!["readers".into()],
                    ..IamUser::default()
                },
            ],
            groups: vec![
                IamGroup {
                    name: "deployers".into(),
                    managed_policies: vec!["PowerUserAccess".into()],
                    s3_data_access: true,
                    terraform_apply: true,
                },
                IamGroup {
                    name: "readers".into(),
                    managed_policies: vec!["ReadOnlyAccess".into()],
                    ..IamGroup::default()
                },
            ],
            ci_role: CiRole {
                enabled: true,
                github_repositories: vec!["sports-cards/infrastructure".into()],
                create_oidc_provider: true,
                managed_policies: vec!["PowerUserAccess".into()],
            },
            s3_data_buckets: vec!["sports-cards-data".into()],
        },
        network: Network::default(),
        backend: backend("sports-cards", &["us-east-1", "us-west-2"]),
        // A placeholder hosted zone of the domain (replace it with yours): ACM's DNS validation
        // records go there, so apply finishes unattended.
        security: three_tier_security("sports-cards.example.com", "Z0123456789ABCDEFGHIJ"),
        ..Design::default()
    }
}

/// One service with an API, one tier, one region: the smallest useful platform.
pub fn minimal() -> Design {
    Design {
        project: "acme".into(),
        regions: vec![Region {
            name: "eu-west-1".into(),
            role: RegionRole::Primary,
        }],
        tiers: vec![tier(
            "dev",
            &["eu-west-1"],
            TierCompute::default(),
            TierDatabase::default(),
            7,
        )],
        services: vec![Service {
            name: "web-api".into(),
            description: "The product's HTTP API.".into(),
            cost_codes: codes(&[("dev", "AB12CD34")]),
            api: Some(Container::default()),
            ..Service::default()
        }],
        iam: Iam {
            users: vec![],
            groups: vec![],
            ci_role: CiRole {
                enabled: true,
                github_repositories: vec!["acme/infrastructure".into()],
                create_oidc_provider: true,
                managed_policies: vec!["PowerUserAccess".into()],
            },
            s3_data_buckets: vec![],
        },
        network: Network::default(),
        backend: backend("acme", &["eu-west-1"]),
        security: Security {
            tiers: BTreeMap::new(),
            services: BTreeMap::new(),
            ..Security::default()
        },
        ..Design::default()
    }
}

/// A software-as-a-service platform that uses every building block: four services over
/// dev/staging/prod in us-east-1, prod with a standby in us-east-2. Accounts serve the
/// sign-in API on PostgreSQL with sessions in DynamoDB and a Valkey cache, with more and
/// larger tasks in prod than the tier's; billing runs an API, a worker on an invoice queue, a
/// monthly schedule, a bucket of invoices and a second prod read replica; media resizes uploads
/// with a queue-triggered function; reports aggregate events on Fargate in a DynamoDB table
/// (global in prod) and export to a bucket every night. Dev and staging run Fargate on Spot.
pub fn saas_platform() -> Design {
    let dev = tier(
        "dev",
        &["us-east-1"],
        TierCompute {
            instance_type: "t3.small".into(),
            asg_min: 1,
            asg_max: 4,
            asg_desired: 1,
            task_count: 1,
            fargate_spot: true,
        },
        TierDatabase::default(),
        7,
    );
    let mut staging = tier(
        "staging",
        &["us-east-1"],
        TierCompute {
            instance_type: "t3.medium".into(),
            asg_min: 1,
            asg_max: 6,
            asg_desired: 2,
            task_count: 2,
            fargate_spot: true,
        },
        TierDatabase {
            instance_class: "db.t4g.small".into(),
            allocated_storage_gb: 50,
            max_allocated_storage_gb: 200,
            ..TierDatabase::default()
        },
        14,
    );
    staging.storage.noncurrent_version_days = 30;
    staging.cache.node_type = "cache.t4g.small".into();
    let mut prod = tier(
        "prod",
        &["us-east-1", "us-east-2"],
        TierCompute {
            instance_type: "m6i.large".into(),
            asg_min: 2,
            asg_max: 12,
            asg_desired: 4,
            task_count: 3,
            fargate_spot: false,
        },
        TierDatabase {
            instance_class: "db.r6g.large".into(),
            allocated_storage_gb: 100,
            max_allocated_storage_gb: 1000,
            multi_az: true,
            read_replicas: 1,
            cross_region_replica: true,
            backup_retention_days: 35,
            deletion_protection: true,
            performance_insights: true,
            ..TierDatabase::default()
        },
        90,
    );
    prod.alarms.notify_emails = vec!["oncall@example.com".into()];
    prod.storage.noncurrent_version_days = 180;
    prod.storage.tables = TierTables {
        billing: TableBilling::Provisioned,
        read_capacity: 10,
        write_capacity: 10,
        max_read_capacity: 400,
        max_write_capacity: 200,
        // A replica of every table in the standby region.
        global: true,
        ..TierTables::default()
    };
    prod.cache = TierCache {
        node_type: "cache.r7g.large".into(),
        replicas: 2,
        snapshot_retention_days: 14,
        ..TierCache::default()
    };
    // The portal's HTTP APIs take more traffic in prod.
    prod.http_api = TierHttpApi {
        rate_limit: 500,
        burst_limit: 1000,
    };

    let key = |name: &str, kind: AttributeType| KeyAttribute {
        name: name.into(),
        kind,
    };
    let accounts = Service {
        name: "accounts".into(),
        description: "Sign-up, sign-in and the organisations customers belong to.".into(),
        cost_codes: codes(&[
            ("dev", "ACC00DEV"),
            ("staging", "ACC00STG"),
            ("prod", "ACC0PROD"),
        ]),
        api: Some(placeholder_api(8080, 512, 1024)),
        database: Some(Database {
            db_name: "accounts".into(),
            username: "accounts_admin".into(),
            ..Database::default()
        }),
        // Sign-in traffic: more and larger API tasks in prod than the tier's default, on hosts
        // of its own (larger instances, never crowded out by billing's month-end work).
        capacity: BTreeMap::from([(
            "prod".into(),
            ServiceCapacity {
                task_count: Some(6),
                api_cpu: Some(1024),
                api_memory: Some(2048),
                instance_type: Some("m6i.xlarge".into()),
                asg_min: Some(2),
                asg_max: Some(8),
                asg_desired: Some(2),
                ..ServiceCapacity::default()
            },
        )]),
        cache: Some(Cache::default()),
        tables: vec![Table {
            name: "sessions".into(),
            partition_key: key("session_id", AttributeType::S),
            ttl_attribute: Some("expires_at".into()),
            indexes: vec![TableIndex {
                name: "by-user".into(),
                partition_key: key("user_id", AttributeType::S),
                sort_key: Some(key("created_at", AttributeType::N)),
            }],
            ..Table::default()
        }],
        // Plan changes and closures, for the services that bill and report on accounts.
        topics: vec![Topic {
            name: "account-events".into(),
        }],
        ..Service::default()
    };
    let billing = Service {
        name: "billing".into(),
        description: "Subscriptions, usage metering and monthly invoices.".into(),
        cost_codes: codes(&[
            ("dev", "BIL00DEV"),
            ("staging", "BIL00STG"),
            ("prod", "BIL0PROD"),
        ]),
        api: Some(placeholder_api(8080, 512, 1024)),
        worker: Some(placeholder_worker(512, 1024, vec!["invoices".into()])),
        lambdas: vec![LambdaFunction {
            name: "close-month".into(),
            runtime: "python3.12".into(),
            timeout_seconds: 300,
            ..LambdaFunction::default()
        }],
        database: Some(Database {
            db_name: "billing".into(),
            username: "billing_admin".into(),
            ..Database::default()
        }),
        // The invoices queue also hears of plan changes and closures of accounts.
        queues: vec![Queue {
            name: "invoices".into(),
            visibility_timeout_seconds: 600,
            max_receive_count: 5,
            subscribe: vec![Subscription {
                topic: "accounts.account-events".into(),
                raw_message_delivery: false,
                filter_policy: r#"{"event_type": ["plan-changed", "account-closed"]}"#.into(),
            }],
        }],
        topics: vec![Topic {
            name: "invoice-events".into(),
        }],
        schedules: vec![Schedule {
            name: "month-end".into(),
            expression: "cron(0 2 1 * ? *)".into(),
            description: "Closes the month at 02:00 UTC on the first".into(),
            lambda: "close-month".into(),
        }],
        buckets: vec![Bucket {
            name: "invoices".into(),
        }],
        // Month-end reporting reads: a second replica in prod.
        capacity: BTreeMap::from([(
            "prod".into(),
            ServiceCapacity {
                db_read_replicas: Some(2),
                ..ServiceCapacity::default()
            },
        )]),
        ..Service::default()
    };
    let media = Service {
        name: "media".into(),
        description: "Uploads and their resized renditions.".into(),
        cost_codes: codes(&[
            ("dev", "MED00DEV"),
            ("staging", "MED00STG"),
            ("prod", "MED0PROD"),
        ]),
        lambdas: vec![LambdaFunction {
            name: "resize".into(),
            runtime: "nodejs22.x".into(),
            memory_mb: 1024,
            timeout_seconds: 60,
            queue: Some("uploads".into()),
            ..LambdaFunction::default()
        }],
        queues: vec![Queue {
            name: "uploads".into(),
            visibility_timeout_seconds: 360,
            max_receive_count: 3,
            subscribe: Vec::new(),
        }],
        buckets: vec![
            Bucket {
                name: "uploads".into(),
            },
            Bucket {
                name: "renditions".into(),
            },
        ],
        ..Service::default()
    };
    let reports = Service {
        name: "reports".into(),
        description: "Usage events aggregated per customer and nightly exports.".into(),
        cost_codes: codes(&[
            ("dev", "REP00DEV"),
            ("staging", "REP00STG"),
            ("prod", "REP0PROD"),
        ]),
        // No hosts to manage for a bursty aggregator: its worker runs on Fargate.
        launch_type: LaunchType::Fargate,
        worker: Some(placeholder_worker(1024, 2048, vec!["events".into()])),
        lambdas: vec![
            LambdaFunction {
                name: "export".into(),
                runtime: "python3.12".into(),
                memory_mb: 512,
                timeout_seconds: 600,
                ..LambdaFunction::default()
            },
            LambdaFunction {
                name: "usage-query".into(),
                runtime: "python3.12".into(),
                memory_mb: 256,
                timeout_seconds: 10,
                ..LambdaFunction::default()
            },
        ],
        // Usage events, and every invoice billing issues, as sent.
        queues: vec![Queue {
            name: "events".into(),
            visibility_timeout_seconds: 120,
            max_receive_count: 5,
            subscribe: vec![Subscription {
                topic: "billing.invoice-events".into(),
                raw_message_delivery: true,
                filter_policy: String::new(),
            }],
        }],
        schedules: vec![Schedule {
            name: "nightly-export".into(),
            expression: "cron(30 1 * * ? *)".into(),
            description: "Exports yesterday's usage at 01:30 UTC".into(),
            lambda: "export".into(),
        }],
        buckets: vec![Bucket {
            name: "exports".into(),
        }],
        tables: vec![Table {
            name: "usage".into(),
            partition_key: key("customer_id", AttributeType::S),
            sort_key: Some(key("day", AttributeType::S)),
            ..Table::default()
        }],
        // The customer portal reads usage and asks for exports with its users' tokens (a
        // placeholder Cognito user pool and app client: replace them with yours).
        http_api: Some(HttpApi {
            routes: vec![
                HttpRoute {
                    route: "GET /usage/{customer_id}".into(),
                    function: "usage-query".into(),
                },
                HttpRoute {
                    route: "POST /exports".into(),
                    function: "export".into(),
                },
            ],
            auth: HttpApiAuth::Jwt(JwtAuth {
                issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE".into(),
                audience: vec!["acme-saas-portal".into()],
            }),
        }),
        ..Service::default()
    };

    // The customer-facing web app: a single-page app on CloudFront calling the accounts API.
    let web = Service {
        name: "web".into(),
        description: "The customer web app (a single-page app) served by CloudFront.".into(),
        cost_codes: codes(&[
            ("dev", "WEB00DEV"),
            ("staging", "WEB00STG"),
            ("prod", "WEB0PROD"),
        ]),
        frontend: Some(Frontend {
            backend: Some("accounts".into()),
            ..Frontend::default()
        }),
        ..Service::default()
    };

    Design {
        project: "acme-saas".into(),
        regions: vec![
            Region {
                name: "us-east-1".into(),
                role: RegionRole::Primary,
            },
            Region {
                name: "us-east-2".into(),
                role: RegionRole::Dr,
            },
        ],
        tiers: vec![dev, staging, prod],
        services: vec![accounts, billing, media, reports, web],
        iam: Iam {
            users: vec![],
            groups: vec![IamGroup {
                name: "engineers".into(),
                managed_policies: vec!["ReadOnlyAccess".into()],
                ..IamGroup::default()
            }],
            ci_role: CiRole {
                enabled: true,
                github_repositories: vec!["acme/saas-infrastructure".into()],
                create_oidc_provider: true,
                managed_policies: vec!["PowerUserAccess".into()],
            },
            s3_data_buckets: vec![],
        },
        network: Network::default(),
        backend: backend("acme-saas", &["us-east-1", "us-east-2"]),
        // A placeholder hosted zone of the domain (replace it with yours).
        security: three_tier_security("app.acme-saas.example.com", "Z0987654321ZYXWVUTSRQ"),
        ..Design::default()
    }
}
