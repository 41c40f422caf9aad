//! Where access logs go: the existing buckets a design names, or the bundle's own access-log
//! buckets (one beside each region's state bucket), replicated to another region's when the
//! design has a disaster-recovery region. Decided here once; the emitters, the skips and the
//! cost rules read it.

use crate::design::Design;

use super::naming;

/// Where a deployment root's access logs go, decided once for its region.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Logs {
    /// The existing bucket the design names for the region's access logs (load balancers
    /// write there); `None` when the bundle keeps its own access-log buckets.
    pub existing: Option<String>,
    /// The log bucket in another region that the bundle's own access-log bucket of this region
    /// replicates to; `None` without replication.
    pub archive: Option<String>,
    /// The bucket that receives the server access logs of the root's S3 buckets: the named
    /// existing one of the region, else the access-log bucket of the region's state bucket.
    pub buckets: String,
}

impl Logs {
    /// Where the access logs of a root in `region` (whose state bucket is `state_bucket`) go.
    pub fn of(design: &Design, region: &str, state_bucket: &str) -> Logs {
        let existing = existing(design, region).map(String::from);
        Logs {
            buckets: existing
                .clone()
                .unwrap_or_else(|| naming::log_bucket_name(state_bucket)),
            archive: archive(design, region).map(|(_, bucket)| bucket),
            existing,
        }
    }
}

/// Whether the design has a disaster-recovery copy of its state: a primary region with a state
/// backend, and another region with one.
pub fn has_dr(design: &Design) -> bool {
    let regions = &design.backend.regions;
    design
        .primary_region()
        .is_some_and(|p| regions.contains_key(p))
        && regions.len() > 1
}

/// Whether the bundle creates its own access-log buckets (the design names no existing ones).
pub fn own_buckets(design: &Design) -> bool {
    design.security.access_log_buckets.is_empty()
}

/// The existing bucket that receives the access logs in `region`, when the design names
/// existing access-log buckets (validation makes sure every region has one).
pub fn existing<'a>(design: &'a Design, region: &str) -> Option<&'a str> {
    if own_buckets(design) {
        return None;
    }
    Some(
        design
            .security
            .access_log_buckets
            .get(region)
            .map_or("", String::as_str),
    )
}

/// Whether access-log buckets replicate to another region's log bucket: the bundle creates
/// them, the design has a disaster-recovery region and did not turn replication off.
pub fn replicated(design: &Design) -> bool {
    own_buckets(design) && has_dr(design) && design.security.access_log_replication
}

/// The log bucket (region, name) in another region that the access logs of a bucket in
/// `region` replicate to: the disaster-recovery region's state log bucket for the primary
/// region, the primary region's for every other region. None without replication.
pub fn archive(design: &Design, region: &str) -> Option<(String, String)> {
    if !replicated(design) {
        return None;
    }
    let primary = design.primary_region()?;
    let regions = &design.backend.regions;
    let target = if region == primary {
        match design.dr_region() {
            Some(dr) if regions.contains_key(dr) => dr,
            _ => regions.keys().find(|r| r.as_str() != primary)?.as_str(),
        }
    } else {
        primary
    };
    let backend = regions.get(target)?;
    Some((target.to_string(), naming::log_bucket_name(&backend.bucket)))
}
