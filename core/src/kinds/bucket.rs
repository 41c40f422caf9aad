//! The service's private S3 buckets: whether a service has them, their design rules, and what
//! they add to its deployment roots (module calls, environment of the code, outputs), the
//! docs and the designer.

use super::describe::{Chip, Layout, Shape, Tint, BW, COL};
use super::{Build, Kind, ModuleName, Name, Number, Root, Wiring};
use crate::cost::lines as cost;
use crate::design::{Design, Service, Tier};
use crate::diagnostic::Diagnostic;
use crate::emit::hcl::*;
use crate::emit::module::ty;
use crate::emit::root_parts::{env_name, ident, key, var, Output, RootVar, UP};
use crate::markdown::text;
use crate::plan::naming;

/// A bucket of a service: the member name itself (`<root name>-<bucket>`), global to S3.
pub const BUCKET: naming::Composed = naming::Composed {
    what: "S3 bucket name",
    prefix: "",
    suffix: "",
    max: 63,
};

/// The service's private S3 buckets.
pub struct Bucket;

/// Most buckets a service may have: an account holds 10,000 by default, and every bucket is
/// made once per tier and region.
pub const MAX_BUCKETS: usize = 10;

impl Kind for Bucket {
    /// The tier's noncurrent-version days, which only buckets read.
    fn tier_numbers(&self, base: &str, tier: &Tier) -> Vec<Number> {
        vec![(
            format!("{base}/storage/noncurrent_version_days"),
            "TierStorage",
            "noncurrent_version_days",
            tier.storage.noncurrent_version_days,
        )]
    }

    fn present(&self, service: &Service) -> bool {
        !service.buckets.is_empty()
    }

    fn field(&self) -> &'static str {
        "buckets"
    }

    fn label(&self) -> &'static str {
        "Bucket"
    }

    fn a(&self) -> &'static str {
        "an S3 bucket"
    }

    fn add(&self, design: &mut Design, index: usize) -> Option<usize> {
        let service = design.services.get_mut(index)?;
        Some(super::push_named(
            &mut service.buckets,
            "files",
            |b| &b.name,
            |name| crate::design::Bucket { name },
        ))
    }

    fn remove(&self, design: &mut Design, index: usize, number: usize) {
        if let Some(service) = design.services.get_mut(index) {
            super::remove_at(&mut service.buckets, number);
        }
    }

    fn duplicate(&self, design: &mut Design, index: usize, number: usize) -> Option<usize> {
        super::copy_named(&mut design.services.get_mut(index)?.buckets, number, |b| {
            &mut b.name
        })
    }

    fn what(&self, service: &Service, number: usize) -> Option<String> {
        Some(format!("bucket {}", service.buckets.get(number)?.name))
    }

    fn tint(&self) -> Tint {
        Tint {
            hue: 206,
            saturation: 18,
        }
    }

    fn stacked(&self, service: &Service) -> usize {
        service.buckets.len()
    }

    fn modules(&self) -> &'static [ModuleName] {
        &[ModuleName::S3Bucket]
    }

    /// Names, each once, and the endings S3 reserves.
    fn rules(&self, base: &str, service: &Service) -> Vec<Diagnostic> {
        rules(base, service)
    }

    /// Each bucket's name: global to S3, 3 to 63 characters.
    fn names(&self, service: &Service, root: &str, _tiers: &[Tier]) -> Vec<Name> {
        let buckets = service.buckets.iter().enumerate();
        buckets
            .map(|(j, bucket)| {
                let name = naming::member(root, &bucket.name);
                Name::new(format!("buckets/{j}/name"), BUCKET, &name)
            })
            .collect()
    }

    fn chip(&self, service: &Service, _dr_replica: bool) -> Option<Chip> {
        Some(Chip {
            class: "bucket",
            tint: self.tint(),
            label: format!("S3×{}", service.buckets.len()),
        })
    }

    /// One box per bucket in the last column, above the schedules.
    fn diagram(&self, layout: &Layout) -> Vec<Shape> {
        let buckets = layout.service.buckets.iter().enumerate();
        buckets
            .map(|(i, bucket)| {
                Layout::node(
                    COL[3],
                    layout.stack_y(self, i),
                    BW,
                    "bucket",
                    format!("S3 {}", bucket.name),
                    format!("/buckets/{i}/name"),
                )
            })
            .collect()
    }
}

impl Build for Bucket {
    fn cost(&self, l: &mut cost::Lines, root: &cost::Root) {
        let service = root.service;
        if !self.present(service) {
            return;
        }
        let names: Vec<&str> = service.buckets.iter().map(|b| b.name.as_str()).collect();
        l.buckets(
            root.usage,
            "module.bucket_*.aws_s3_bucket.this",
            service.buckets.len() as u64,
            &format!("the service's ({})", names.join(", ")),
        );
    }
    fn readme_lines(&self, root: &Root) -> Vec<String> {
        root.service
            .buckets
            .iter()
            .map(|b| format!("S3 bucket {}", crate::markdown::code(&b.name)))
            .collect()
    }
    /// Buckets raise no alarm of their own.
    fn alarms(&self) -> bool {
        false
    }
    fn module_calls(&self, root: &Root, wiring: &Wiring) -> Vec<Blk> {
        module_calls(root, wiring)
    }
    fn outputs(&self, root: &Root) -> Vec<Output> {
        root.service
            .buckets
            .iter()
            .map(|bucket| Output {
                name: format!("bucket_{}_name", ident(&bucket.name)),
                description: format!("Name of the {} bucket.", bucket.name),
                value: attr(&bucket.name, "bucket_name"),
            })
            .collect()
    }
    /// How long the root's tier keeps old object versions.
    fn root_vars(&self, root: &Root) -> Vec<RootVar> {
        vec![var(
            "noncurrent_version_days",
            ty::number(),
            "Days an overwritten or deleted object version of the buckets is kept.",
            n(root.tier.storage.noncurrent_version_days.into()),
        )]
    }
    /// `BUCKET_<NAME>` per bucket: its name.
    fn code_env(&self, root: &Root) -> Vec<(String, E)> {
        root.service
            .buckets
            .iter()
            .map(|bucket| {
                (
                    format!("BUCKET_{}", env_name(&bucket.name)),
                    attr(&bucket.name, "bucket_name"),
                )
            })
            .collect()
    }
    /// The objects are encrypted with the deployment's key.
    fn code_reads_key(&self) -> bool {
        true
    }
    fn components(&self, service: &Service) -> Vec<String> {
        let buckets = service.buckets.iter();
        buckets.map(|b| format!("S3 {}", text(&b.name))).collect()
    }
    /// A bucket node per bucket, and an arrow from each workload that reads and writes it.
    fn mermaid(&self, service: &Service) -> Vec<String> {
        let mut lines = Vec::new();
        let code = code_nodes(service);
        for bucket in &service.buckets {
            let id = mermaid_id(&["s3", &bucket.name]);
            lines.push(format!("  {id}[(\"S3 {}\")]", bucket.name));
            for c in &code {
                lines.push(format!("  {c} -->|read/write| {id}"));
            }
        }
        lines
    }
    fn security_row(&self) -> Option<&'static str> {
        Some(
            "| S3 buckets of the services: public access blocked, ACLs disabled, SSE-KMS with the \
deployment key, versioning with noncurrent versions expiring per tier, TLS-only bucket policy that \
lets only the service's own task and function roles read and write, server access logs, object \
events to EventBridge | Objects are private to the service that owns them, encrypted with your key, \
recoverable after an overwrite or delete, and every access is logged | `modules/s3-bucket`; \
`tiers[].storage.noncurrent_version_days`; `security.access_log_buckets` (an existing log bucket \
must also let `logging.s3.amazonaws.com` put objects under `buckets/`); \
`security.s3_event_notifications` |\n",
        )
    }
    fn key_encrypts(&self) -> Option<&'static str> {
        Some("the objects of the service buckets")
    }
}

/// The Mermaid nodes of the workloads of `service` whose code runs (the docs' ids).
pub(crate) fn code_nodes(service: &Service) -> Vec<String> {
    let mut code = Vec::new();
    if super::Api.present(service) {
        code.push("api".to_string());
    }
    if super::Worker.present(service) {
        code.push("worker".to_string());
    }
    for l in &service.lambdas {
        code.push(mermaid_id(&["fn", &l.name]));
    }
    code
}

/// A Mermaid node id made of design names (the docs' own spelling).
pub(crate) fn mermaid_id(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.replace(|c: char| !c.is_ascii_alphanumeric(), "_"))
        .collect::<Vec<_>>()
        .join("_")
}

/// The reference to `attr` of the module call of bucket `name` (`module.bucket_<name>.<attr>`).
fn attr(name: &str, attr: &str) -> E {
    r(&format!("module.bucket_{}.{attr}", ident(name)))
}

/// The module calls of a deployment root: one `s3-bucket` per bucket, encrypted with the
/// root's key, read and written by the roles of the service's code, logging to the region's
/// access-log bucket.
fn module_calls(root: &Root, wiring: &Wiring) -> Vec<Blk> {
    let roles = list(super::code_roles(root.service));
    root.service
        .buckets
        .iter()
        .map(|bucket| {
            blk("module", &[&format!("bucket_{}", ident(&bucket.name))])
                .a("source", s(format!("{UP}/modules/s3-bucket")))
                .a(
                    "name",
                    tpl(vec![T::X(r("local.name")), T::L("-"), T::L(&bucket.name)]),
                )
                .a("kms_key_arn", key())
                .a("reader_writer_role_arns", roles.clone())
                .a("noncurrent_version_days", r("var.noncurrent_version_days"))
                .a("access_logs_bucket", s(wiring.bucket_logs.as_str()))
                .a("access_logs_prefix", s(naming::BUCKET_LOG_PREFIX))
        })
        .collect()
}

/// S3 refuses names ending in its access-point and directory-bucket suffixes.
const RESERVED_ENDINGS: &[&str] = &["-s3alias", "--ol-s3", "--x-s3", "--table-s3"];

fn rules(base: &str, service: &Service) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if service.buckets.len() > MAX_BUCKETS {
        out.push(
            Diagnostic::error(
                format!("{base}/buckets"),
                format!(
                    "the service has {} buckets; at most {MAX_BUCKETS} are supported",
                    service.buckets.len()
                ),
            )
            .with_hint("keep one bucket per kind of data and use prefixes inside it"),
        );
    }
    let mut seen = std::collections::BTreeSet::new();
    for (j, bucket) in service.buckets.iter().enumerate() {
        let at = format!("{base}/buckets/{j}/name");
        crate::diagnostic::name(&mut out, &at, "bucket name", &bucket.name, 40);
        if !seen.insert(bucket.name.as_str()) {
            out.push(Diagnostic::error(
                &*at,
                format!("bucket \"{}\" is defined twice", bucket.name.escape_debug()),
            ));
        }
        if let Some(end) = RESERVED_ENDINGS.iter().find(|e| bucket.name.ends_with(*e)) {
            out.push(Diagnostic::error(
                &*at,
                format!("S3 reserves bucket names ending in \"{end}\""),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::Bucket as B;

    fn service(names: &[&str]) -> Service {
        Service {
            name: "web".into(),
            buckets: names
                .iter()
                .map(|n| B {
                    name: n.to_string(),
                })
                .collect(),
            ..Service::default()
        }
    }

    #[test]
    fn rules_point_at_the_bucket_name() {
        let check = |names: &[&str], expected: &[(&str, &str)]| {
            let got = rules("/services/0", &service(names));
            let got: Vec<(String, String)> = got.into_iter().map(|d| (d.path, d.message)).collect();
            let want: Vec<(String, String)> = expected
                .iter()
                .map(|(p, m)| (p.to_string(), m.to_string()))
                .collect();
            assert_eq!(got, want, "{names:?}");
        };
        check(&["images", "exports"], &[]);
        check(
            &["images", "images"],
            &[(
                "/services/0/buckets/1/name",
                "bucket \"images\" is defined twice",
            )],
        );
        check(
            &["a-s3alias"],
            &[(
                "/services/0/buckets/0/name",
                "S3 reserves bucket names ending in \"-s3alias\"",
            )],
        );
        let got = rules("/services/0", &service(&["Images"]));
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].path, "/services/0/buckets/0/name");
        let many: Vec<String> = (0..=MAX_BUCKETS).map(|i| format!("b{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let got = rules("/services/0", &service(&many));
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].path, "/services/0/buckets");
    }

    #[test]
    fn names_are_composed_from_the_root() {
        let names = Bucket.names(&service(&["images"]), "acme-prod-web-dr", &[]);
        assert_eq!(names.len(), 1);
        assert_eq!(names[0].value, "acme-prod-web-dr-images");
        assert_eq!(names[0].max, 63);
        assert_eq!(names[0].pointer, "buckets/0/name");
    }
}
