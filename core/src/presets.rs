//! Built-in designs people start from.

use crate::design::*;
use std::collections::BTreeMap;

/// Names of the built-in presets, in the order they are offered.
pub const NAMES: &[&str] = &["sports-cards", "minimal"];

/// The preset called `name`, if there is one.
pub fn get(name: &str) -> Option<Design> {
    match name {
        "sports-cards" => Some(sports_cards()),
        "minimal" => Some(minimal()),
        _ => None,
    }
}

fn alarms() -> TierAlarms {
    TierAlarms {
        cpu_high_percent: 75,
        cpu_low_percent: 25,
        queue_depth: 1000,
        message_age_seconds: 600,
        notify_emails: Vec::new(),
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
        alarms: alarms(),
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
                        lock_table: String::new(),
                    },
                )
            })
            .collect(),
    }
}

/// The placeholder image of APIs and workers until the team's own is built: busybox, small and
/// public, run with a command that behaves like a service (see [`placeholder_api`] and
/// [`placeholder_worker`]).
pub const PLACEHOLDER_IMAGE: &str = "public.ecr.aws/docker/library/busybox:1.37";

/// Whether `command` is one of the placeholders' (it only works with [`PLACEHOLDER_IMAGE`]).
pub fn is_placeholder_command(command: &[String]) -> bool {
    !command.is_empty()
        && (command == placeholder_api(80, 256, 512).command
            || command == placeholder_worker(256, 512, vec![]).command)
}

/// A placeholder API that passes the load balancer's health checks: busybox's web server on
/// the container port (`PORT`, set by the bundle) answering `200 ok` on `/` and `/health`,
/// serving from `/tmp` (writable with a read-only root filesystem). Replace the image (and the
/// command) with the service's own.
pub fn placeholder_api(port: u32, cpu: u32, memory: u32) -> Container {
    Container {
        image: PLACEHOLDER_IMAGE.into(),
        port,
        cpu,
        memory,
        health_check_path: "/health".into(),
        command: vec![
            "sh".into(),
            "-c".into(),
            "mkdir -p /tmp/www && echo ok > /tmp/www/index.html && echo ok > /tmp/www/health && exec httpd -f -v -p \"$PORT\" -h /tmp/www".into(),
        ],
    }
}

/// A placeholder worker that stays up like a real one (instead of exiting at once, which ECS
/// would restart forever) and stops on SIGTERM, as the bundle's 120 s stop timeout expects.
pub fn placeholder_worker(cpu: u32, memory: u32, queues: Vec<String>) -> Worker {
    Worker {
        image: PLACEHOLDER_IMAGE.into(),
        cpu,
        memory,
        queues,
        backlog_per_task: default_backlog_per_task(),
        command: vec![
            "sh".into(),
            "-c".into(),
            "trap 'exit 0' TERM; while true; do sleep 60 & wait $!; done".into(),
        ],
    }
}

fn discover() -> Network {
    Network {
        mode: NetworkMode::Discover,
        vpc_name: "{project}-{tier}".into(),
        subnet_tier_tag: "Tier".into(),
        explicit: BTreeMap::new(),
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
        },
        TierDatabase {
            instance_class: "db.t4g.micro".into(),
            allocated_storage_gb: 20,
            max_allocated_storage_gb: 100,
            multi_az: false,
            read_replicas: 0,
            replica_multi_az: false,
            cross_region_replica: false,
            backup_retention_days: 7,
            deletion_protection: false,
            performance_insights: false,
        },
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
        },
        TierDatabase {
            instance_class: "db.t4g.small".into(),
            allocated_storage_gb: 50,
            max_allocated_storage_gb: 200,
            multi_az: false,
            read_replicas: 0,
            replica_multi_az: false,
            cross_region_replica: false,
            backup_retention_days: 7,
            deletion_protection: false,
            performance_insights: false,
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
        },
        TierDatabase {
            instance_class: "db.r6g.large".into(),
            allocated_storage_gb: 100,
            max_allocated_storage_gb: 500,
            multi_az: true,
            read_replicas: 2,
            replica_multi_az: false,
            cross_region_replica: true,
            backup_retention_days: 30,
            deletion_protection: true,
            performance_insights: true,
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
        api: Some(placeholder_api(8080, 512, 1024)),
        worker: None,
        lambdas: vec![LambdaFunction {
            name: "image-resizer".into(),
            runtime: "nodejs22.x".into(),
            handler: "index.handler".into(),
            memory_mb: 512,
            timeout_seconds: 30,
            function_url: true,
            public_url: false,
            queue: None,
        }],
        database: Some(Database {
            engine_version: "16".into(),
            db_name: "catalog".into(),
            username: "catalog_admin".into(),
        }),
        queues: vec![],
        schedules: vec![],
    };
    let orders = Service {
        name: "orders-ingestion".into(),
        description: "Takes orders from the storefront and queues them for fulfilment.".into(),
        cost_codes: codes(&[
            ("dev", "G3H4I5J6"),
            ("staging", "K7L8M9N0"),
            ("prod", "J9K0L1M2"),
        ]),
        api: Some(placeholder_api(3000, 512, 1024)),
        worker: Some(placeholder_worker(256, 512, vec!["orders".into()])),
        lambdas: vec![LambdaFunction {
            name: "order-validator".into(),
            runtime: "python3.11".into(),
            handler: "index.handler".into(),
            memory_mb: 256,
            timeout_seconds: 60,
            function_url: true,
            public_url: false,
            queue: None,
        }],
        database: Some(Database {
            engine_version: "16".into(),
            db_name: "orders".into(),
            username: "orders_admin".into(),
        }),
        queues: vec![Queue {
            name: "orders".into(),
            visibility_timeout_seconds: 300,
            max_receive_count: 5,
        }],
        schedules: vec![],
    };
    let manufacturing = Service {
        name: "manufacturing-orchestrator".into(),
        description: "Plans print runs and drives the manufacturing partners' jobs.".into(),
        cost_codes: codes(&[
            ("dev", "P1Q2R3S4"),
            ("staging", "X7Y8Z9W0"),
            ("prod", "T5U6V7W8"),
        ]),
        api: None,
        worker: Some(placeholder_worker(512, 1024, vec!["jobs".into()])),
        lambdas: vec![
            LambdaFunction {
                name: "cleanup".into(),
                runtime: "python3.11".into(),
                handler: "index.handler".into(),
                memory_mb: 256,
                timeout_seconds: 300,
                function_url: false,
                public_url: false,
                queue: None,
            },
            LambdaFunction {
                name: "partner-sync".into(),
                runtime: "nodejs22.x".into(),
                handler: "index.handler".into(),
                memory_mb: 512,
                timeout_seconds: 120,
                function_url: true,
                public_url: false,
                queue: None,
            },
        ],
        database: Some(Database {
            engine_version: "16".into(),
            db_name: "manufacturing".into(),
            username: "manufacturing_admin".into(),
        }),
        queues: vec![Queue {
            name: "jobs".into(),
            visibility_timeout_seconds: 600,
            max_receive_count: 5,
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
    };

    Design {
        version: SCHEMA_VERSION,
        project: "sports-cards".into(),
        tags: BTreeMap::new(),
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
                    access_key: false,
                },
                IamUser {
                    name: "reader".into(),
                    groups: vec!["readers".into()],
                    access_key: false,
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
                    s3_data_access: false,
                    terraform_apply: false,
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
        network: discover(),
        backend: backend("sports-cards", &["us-east-1", "us-west-2"]),
        security: Security {
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
                        domain: Some("sports-cards.example.com".into()),
                        // A placeholder hosted zone of the domain (replace it with yours): ACM's
                        // DNS validation records go there, so apply finishes unattended.
                        route53_zone_id: Some("Z0123456789ABCDEFGHIJ".into()),
                        ..TierSecurity::default()
                    },
                ),
            ]),
            services: BTreeMap::new(),
            ..Security::default()
        },
    }
}

/// One service with an API, one tier, one region: the smallest useful platform.
pub fn minimal() -> Design {
    Design {
        version: SCHEMA_VERSION,
        project: "acme".into(),
        tags: BTreeMap::new(),
        regions: vec![Region {
            name: "eu-west-1".into(),
            role: RegionRole::Primary,
        }],
        tiers: vec![tier(
            "dev",
            &["eu-west-1"],
            TierCompute {
                instance_type: "t3.small".into(),
                asg_min: 1,
                asg_max: 3,
                asg_desired: 1,
                task_count: 1,
            },
            TierDatabase {
                instance_class: "db.t4g.micro".into(),
                allocated_storage_gb: 20,
                max_allocated_storage_gb: 100,
                multi_az: false,
                read_replicas: 0,
                replica_multi_az: false,
                cross_region_replica: false,
                backup_retention_days: 7,
                deletion_protection: false,
                performance_insights: false,
            },
            7,
        )],
        services: vec![Service {
            name: "web-api".into(),
            description: "The product's HTTP API.".into(),
            cost_codes: codes(&[("dev", "AB12CD34")]),
            api: Some(placeholder_api(8080, 256, 512)),
            worker: None,
            lambdas: vec![],
            database: None,
            queues: vec![],
            schedules: vec![],
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
        network: discover(),
        backend: backend("acme", &["eu-west-1"]),
        security: Security {
            tiers: BTreeMap::new(),
            services: BTreeMap::new(),
            ..Security::default()
        },
    }
}
