//! Issue 12: the typed fields the designer binds its controls to (`core::fields`). Each one's
//! pointer is where its value sits in the design's JSON and where the design rules report a
//! diagnostic about it: set a value through the field and it shows at the pointer; set a bad
//! value and `validate` reports at that pointer.

use serde::Serialize;
use serde_json::Value;
use tfdesign_core::design::{AttributeType, Design};
use tfdesign_core::fields::{self, Field};
use tfdesign_core::{field, presets, validate::validate};

/// A value of each field type other than the one there, and one the design rules refuse.
trait Probe: Sized + Clone + Serialize + PartialEq + std::fmt::Debug + 'static {
    fn other(&self) -> Self;
    fn bad() -> Option<Self>;
}

impl Probe for String {
    fn other(&self) -> Self {
        format!("{self}x")
    }
    fn bad() -> Option<Self> {
        // A control character: refused in every string of a design, at its field.
        Some("a\u{7}b".to_owned())
    }
}

impl Probe for u32 {
    fn other(&self) -> Self {
        self + 1
    }
    fn bad() -> Option<Self> {
        Some(u32::MAX)
    }
}

impl Probe for bool {
    fn other(&self) -> Self {
        !self
    }
    fn bad() -> Option<Self> {
        None
    }
}

impl Probe for Vec<String> {
    fn other(&self) -> Self {
        let mut more = self.clone();
        more.push("extra".to_owned());
        more
    }
    fn bad() -> Option<Self> {
        Some(vec!["a\u{7}b".to_owned()])
    }
}

impl Probe for Option<u64> {
    fn other(&self) -> Self {
        Some(self.map_or(1, |n| n + 1))
    }
    fn bad() -> Option<Self> {
        Some(Some(u64::MAX))
    }
}

impl Probe for AttributeType {
    fn other(&self) -> Self {
        match self {
            AttributeType::S => AttributeType::N,
            _ => AttributeType::S,
        }
    }
    fn bad() -> Option<Self> {
        None
    }
}

fn json(design: &Design) -> Value {
    serde_json::to_value(design).unwrap()
}

/// Setting another value through `field` puts it at the field's pointer and reads back; a value
/// the rules refuse is reported at that pointer (or at an item of a list there).
fn check<T: Probe>(design: &Design, field: Field<T>) {
    let p = field.pointer().to_owned();
    let now = field
        .get(design)
        .unwrap_or_else(|| panic!("{p}: no value in the design"));
    let other = now.other();
    let mut changed = design.clone();
    field.set(&mut changed, other.clone());
    assert_eq!(
        field.get(&changed).as_ref(),
        Some(&other),
        "{p}: reads back"
    );
    let at = json(&changed).pointer(&p).cloned();
    assert_eq!(
        at,
        Some(serde_json::to_value(&other).unwrap()),
        "{p}: the value set is at the pointer"
    );
    if let Some(bad) = T::bad() {
        let mut broken = design.clone();
        field.set(&mut broken, bad);
        let inside = format!("{p}/");
        let found = validate(&broken)
            .into_iter()
            .any(|d| d.path == p || d.path.starts_with(&inside));
        assert!(
            found,
            "{p}: a bad value is reported at the field: {:#?}",
            validate(&broken)
        );
    }
}

/// The pointers of the places and of the named fields.
#[test]
fn pointers_name_the_place() {
    assert_eq!(fields::service(3).pointer(), "/services/3");
    assert_eq!(fields::api(3).pointer(), "/services/3/api");
    assert_eq!(fields::lambda(1, 2).pointer(), "/services/1/lambdas/2");
    assert_eq!(fields::iam_user(4).pointer(), "/iam/users/4");
    assert_eq!(field!(fields::api(3), cpu).pointer(), "/services/3/api/cpu");
    assert_eq!(
        field!(fields::tier(0), storage.tables.billing).pointer(),
        "/tiers/0/storage/tables/billing"
    );
    // Names are escaped as JSON Pointer segments.
    assert_eq!(
        fields::tier_security("a/b~c").pointer(),
        "/security/tiers/a~1b~0c"
    );
    assert_eq!(
        fields::cost_code(1, "prod").pointer(),
        "/services/1/cost_codes/prod"
    );
    assert_eq!(fields::project().pointer(), "/project");
}

/// A field whose owner is gone reads nothing and writes nothing.
#[test]
fn a_missing_owner_reads_none_and_ignores_writes() {
    let design = presets::minimal();
    let gone = field!(fields::queue(7, 0), visibility_timeout_seconds);
    assert_eq!(gone.get(&design), None);
    let mut after = design.clone();
    gone.set(&mut after, 30);
    assert_eq!(after, design);
    let no_db = field!(fields::database(0), db_name);
    let mut after = design.clone();
    after.services[0].database = None;
    let before = after.clone();
    no_db.set(&mut after, "x".into());
    assert_eq!(after, before);
}

/// Every field the designer's inspectors bind, on saas-platform (which has every block).
#[test]
fn every_inspector_field_points_where_its_value_and_diagnostics_are() {
    let d = presets::saas_platform();
    // Service 1 (billing): API, worker, database, a function, a queue, a schedule, a bucket.
    // Service 0 (accounts): a table and the cache.
    check(&d, fields::service_name(1));
    check(&d, field!(fields::service(1), description));
    check(&d, fields::cost_code(1, "prod"));
    check(&d, fields::api_image(1));
    check(&d, field!(fields::api(1), port));
    check(&d, field!(fields::api(1), cpu));
    check(&d, field!(fields::api(1), memory));
    check(&d, field!(fields::api(1), health_check_path));
    check(&d, fields::worker_image(1));
    check(&d, field!(fields::worker(1), cpu));
    check(&d, field!(fields::worker(1), memory));
    check(&d, field!(fields::worker(1), queues));
    check(&d, field!(fields::worker(1), backlog_per_task));
    check(&d, field!(fields::database(1), db_name));
    check(&d, field!(fields::database(1), username));
    check(&d, fields::lambda_name(1, 0));
    check(&d, field!(fields::lambda(1, 0), handler));
    check(&d, field!(fields::lambda(1, 0), memory_mb));
    check(&d, field!(fields::lambda(1, 0), timeout_seconds));
    check(&d, field!(fields::lambda(1, 0), function_url));
    check(&d, fields::queue_name(1, 0));
    check(&d, field!(fields::queue(1, 0), visibility_timeout_seconds));
    check(&d, field!(fields::queue(1, 0), max_receive_count));
    check(&d, field!(fields::schedule(1, 0), name));
    check(&d, field!(fields::schedule(1, 0), expression));
    check(&d, field!(fields::schedule(1, 0), description));
    check(&d, field!(fields::bucket(1, 0), name));
    check(&d, field!(fields::table(0, 0), name));
    check(&d, field!(fields::table(0, 0), partition_key.name));
    check(&d, fields::partition_key_type(0, 0));
    check(&d, fields::sort_key_name(0, 0));
    // The sort key's type is set once the table has a sort key.
    let mut sorted = d.clone();
    fields::sort_key_name(0, 0).set(&mut sorted, "created".into());
    check(&sorted, fields::sort_key_type(0, 0));
    check(
        &d,
        field!(fields::service_security("billing"), writable_paths),
    );
    check(
        &d,
        field!(
            fields::service_security("billing"),
            read_only_root_filesystem
        ),
    );
    // Tier 2 (prod).
    check(&d, fields::tier_name(2));
    check(&d, field!(fields::tier(2), compute.asg_min));
    check(&d, field!(fields::tier(2), compute.asg_max));
    check(&d, field!(fields::tier(2), compute.task_count));
    check(&d, field!(fields::tier(2), compute.fargate_spot));
    check(&d, field!(fields::tier(2), database.allocated_storage_gb));
    check(&d, field!(fields::tier(2), database.read_replicas));
    check(&d, field!(fields::tier(2), database.multi_az));
    check(&d, field!(fields::tier(2), alarms.cpu_high_percent));
    check(&d, field!(fields::tier(2), alarms.notify_emails));
    check(&d, field!(fields::tier(2), storage.noncurrent_version_days));
    check(&d, field!(fields::tier(2), storage.tables.read_capacity));
    check(&d, field!(fields::tier(2), cache.replicas));
    check(&d, field!(fields::tier(2), cache.snapshot_retention_days));
    check(&d, field!(fields::tier(2), log_retention_days));
    check(&d, field!(fields::tier_security("prod"), waf));
    check(
        &d,
        field!(fields::tier_security("prod"), route53_zone_id)
            .map(Option::unwrap_or_default, fields::optional),
    );
    // Regions, backend, project, network, IAM.
    check(&d, fields::state_bucket("us-east-1"));
    check(&d, fields::project());
    check(&d, field!(fields::design(), network.vpc_name));
    check(
        &d,
        field!(fields::design(), iam.ci_role.github_repositories),
    );
    check(
        &d,
        field!(fields::design(), security.s3_event_notifications),
    );
    // Service 3 (reports): the HTTP API with a JWT authorizer, a queue subscribed to a topic.
    check(&d, field!(fields::http_route(3, 1), route));
    check(&d, field!(fields::http_route(3, 1), function));
    check(&d, field!(fields::jwt(3), issuer));
    check(&d, field!(fields::jwt(3), audience));
    // (A subscription leaves out `raw_message_delivery: false` and an empty filter policy, so
    // each is checked where the preset sets the other.)
    check(&d, field!(fields::subscription(3, 0, 0), filter_policy));
    // Service 1 (billing): its topic, and its queue's subscription with a filter policy.
    check(&d, fields::topic_name(1, 0));
    check(&d, field!(fields::subscription(1, 0, 0), filter_policy));
    check(
        &d,
        field!(fields::subscription(1, 0, 0), raw_message_delivery),
    );
    // Service 4 (web): the static frontend.
    check(&d, field!(fields::frontend(4), spa));
    check(&d, field!(fields::frontend(4), default_root_object));
    check(
        &d,
        field!(fields::frontend(4), backend).map(Option::unwrap_or_default, fields::typed),
    );
    check(&d, field!(fields::tier(2), frontend.price_class));
    check(&d, field!(fields::tier(2), http_api.rate_limit));
    check(&d, field!(fields::tier(2), http_api.burst_limit));
    // Usage, design-wide and per service (none set in the preset).
    for f in tfdesign_core::usage::FIELDS {
        check(&d, fields::usage(fields::usage_defaults(), f.name));
        check(&d, fields::usage(fields::service_usage("billing"), f.name));
    }
    check(&d, fields::iam_group_name(0));
    check(&d, field!(fields::iam_group(0), managed_policies));
    check(&d, field!(fields::iam_group(0), terraform_apply));
}

/// A rename through a named field carries the references along (what the setter adds over a
/// plain assignment).
#[test]
fn renames_keep_their_references() {
    let d = presets::saas_platform();
    let mut renamed = d.clone();
    fields::queue_name(1, 0).set(&mut renamed, "jobs2".into());
    let worker = renamed.services[1].worker.as_ref().unwrap();
    assert!(worker.queues.contains(&"jobs2".to_owned()), "{worker:?}");
    let mut renamed = d.clone();
    fields::tier_name(2).set(&mut renamed, "live".into());
    assert!(renamed.security.tiers.contains_key("live"));
    assert!(renamed.services[1].cost_codes.contains_key("live"));
}

/// Security settings set back to the defaults leave no entry; explicit network ids keep theirs.
#[test]
fn keyed_entries_are_pruned_at_their_defaults() {
    let mut d = presets::minimal();
    let svc = d.services[0].name.clone();
    let ro = field!(fields::service_security(&svc), read_only_root_filesystem);
    let was = ro.get(&d).unwrap();
    ro.set(&mut d, !was);
    assert!(d.security.services.contains_key(&svc));
    ro.set(&mut d, was);
    assert!(!d.security.services.contains_key(&svc));
    let vpc = field!(fields::explicit_network("us-east-1/dev"), vpc_id);
    vpc.set(&mut d, String::new());
    assert!(d.network.explicit.contains_key("us-east-1/dev"));
}

/// The HTTP API's authorization by name: `jwt` adds an empty authorizer (its issuer then
/// reported at `…/auth/jwt/issuer`), choosing `jwt` again keeps the authorizer, `iam` drops it.
#[test]
fn the_http_apis_authorization_switches_between_iam_and_jwt() {
    let d = presets::saas_platform();
    let auth = fields::http_api_auth(3);
    assert_eq!(auth.pointer(), "/services/3/http_api/auth");
    assert_eq!(auth.get(&d).as_deref(), Some("jwt"));
    let mut same = d.clone();
    auth.set(&mut same, "jwt".into());
    assert_eq!(same, d, "choosing jwt again keeps the issuer and audiences");
    let mut iam = d.clone();
    auth.set(&mut iam, "iam".into());
    assert_eq!(
        json(&iam).pointer(auth.pointer()),
        Some(&Value::from("iam"))
    );
    assert_eq!(field!(fields::jwt(3), issuer).get(&iam), None);
    let mut jwt = iam.clone();
    auth.set(&mut jwt, "jwt".into());
    assert_eq!(auth.get(&jwt).as_deref(), Some("jwt"));
    let issuer = field!(fields::jwt(3), issuer);
    assert_eq!(issuer.get(&jwt).as_deref(), Some(""));
    assert!(
        validate(&jwt).iter().any(|x| x.path == issuer.pointer()),
        "an empty issuer is reported at {}",
        issuer.pointer()
    );
}

/// Renaming a topic through its field carries the subscriptions of other services along.
#[test]
fn a_topic_rename_keeps_its_subscribers() {
    let d = presets::saas_platform();
    let mut renamed = d.clone();
    fields::topic_name(0, 0).set(&mut renamed, "account-news".into());
    assert_eq!(
        field!(fields::subscription(1, 0, 0), topic)
            .get(&renamed)
            .as_deref(),
        Some("accounts.account-news")
    );
}

/// A service's usage entry goes once nothing is set in it; the defaults stay a section.
#[test]
fn a_services_usage_entry_goes_with_its_last_input() {
    let mut d = presets::minimal();
    let svc = d.services[0].name.clone();
    let lcu = fields::usage(fields::service_usage(&svc), "alb_lcu_hours");
    assert_eq!(
        lcu.pointer(),
        format!("/usage/services/{svc}/alb_lcu_hours")
    );
    lcu.set(&mut d, Some(1000));
    assert_eq!(d.usage.services[&svc].alb_lcu_hours, Some(1000));
    lcu.set(&mut d, None);
    assert!(d.usage.services.is_empty(), "{:?}", d.usage);
    let shared = fields::usage(fields::usage_defaults(), "alb_lcu_hours");
    assert_eq!(shared.pointer(), "/usage/defaults/alb_lcu_hours");
    shared.set(&mut d, Some(5));
    assert_eq!(d.usage.defaults.alb_lcu_hours, Some(5));
}

/// A capacity override, as text at `/services/<i>/capacity/<tier>/<key>`: set, read back,
/// reported there when out of bounds, refused when not a number, reset with `None`.
#[test]
fn a_capacity_override_sits_at_its_pointer() {
    use tfdesign_core::plan::capacity::Field as Capacity;
    let d = presets::sports_cards();
    let tasks = fields::capacity(1, "prod", Capacity::TaskCount);
    assert_eq!(tasks.pointer(), "/services/1/capacity/prod/task_count");
    assert_eq!(tasks.get(&d), Some(None));
    let mut set = d.clone();
    tasks.set(&mut set, Some("3".into()));
    assert_eq!(tasks.get(&set), Some(Some("3".to_owned())));
    assert_eq!(json(&set).pointer(tasks.pointer()), Some(&Value::from(3)));
    let mut refused = set.clone();
    tasks.set(&mut refused, Some("three".into()));
    assert_eq!(refused, set, "not a whole number: the design stays");
    let mut over = d.clone();
    tasks.set(&mut over, Some(u32::MAX.to_string()));
    assert!(
        validate(&over).iter().any(|x| x.path == tasks.pointer()),
        "{:#?}",
        validate(&over)
    );
    tasks.set(&mut set, None);
    assert_eq!(set, d, "a reset leaves no entry");
}
