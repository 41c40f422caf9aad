//! Large designs for benchmarks: the sports-cards platform repeated to a given size; and the
//! edit the benchmarks of regeneration make between two runs.

use crate::design::{Design, Region, RegionRole};
use crate::presets;

/// `services` services (cycling through the three of sports-cards, renamed) in `tiers` tiers
/// (dev, staging, prod, then `perf1`, `perf2`…) across `regions` regions (one primary, the rest
/// disaster recovery; every tier after the first two deploys to all of them).
pub fn scaled(services: usize, tiers: usize, regions: usize) -> Design {
    const REGIONS: &[&str] = &[
        "us-east-1",
        "us-west-2",
        "eu-west-1",
        "eu-central-1",
        "ap-southeast-2",
    ];
    let base = presets::sports_cards();
    let mut d = base.clone();
    d.regions = (0..regions.clamp(1, REGIONS.len()))
        .map(|i| Region {
            name: REGIONS[i].to_string(),
            role: if i == 0 {
                RegionRole::Primary
            } else {
                RegionRole::Dr
            },
        })
        .collect();
    let region_names: Vec<String> = d.regions.iter().map(|r| r.name.clone()).collect();
    d.tiers = (0..tiers.max(1))
        .map(|i| {
            let mut t = base.tiers[i.min(base.tiers.len() - 1)].clone();
            if i >= base.tiers.len() {
                t.name = format!("perf{}", i - base.tiers.len() + 1);
            }
            t.regions = if i < 2 {
                vec![region_names[0].clone()]
            } else {
                region_names.clone()
            };
            t
        })
        .collect();
    d.services = (0..services.max(1))
        .map(|i| {
            let mut s = base.services[i % base.services.len()].clone();
            if i >= base.services.len() {
                s.name = format!("{}-{}", s.name.split('-').next().unwrap_or("svc"), i);
            }
            let code = |t: usize| format!("S{:03}T{:03}", i % 1000, t % 1000);
            s.cost_codes = d
                .tiers
                .iter()
                .enumerate()
                .map(|(t, tier)| (tier.name.clone(), code(t)))
                .collect();
            s
        })
        .collect();
    let template = base.backend.regions.values().next().cloned();
    d.backend.regions = region_names
        .iter()
        .filter_map(|r| {
            template.clone().map(|mut b| {
                b.bucket = format!("{}-tfstate-{r}", d.project);
                (r.clone(), b)
            })
        })
        .collect();
    d
}

/// The edit the regeneration benchmarks make or undo between two runs (the worker's and
/// `cargo bench --bench pipeline`): the Multi-AZ database of the tier named `prod` (else the
/// last tier) toggled.
pub fn edited(design: &Design) -> Design {
    let mut d = design.clone();
    let prod = d.tiers.iter().position(|t| t.name == "prod");
    if let Some(t) = prod
        .or_else(|| d.tiers.len().checked_sub(1))
        .and_then(|i| d.tiers.get_mut(i))
    {
        t.database.multi_az = !t.database.multi_az;
    }
    d
}

/// Forgets what the zip and the manifest remember of the last bundle, so the next one is made
/// as a first bundle (what opening a design costs).
pub fn forget_last_bundle() {
    crate::archive::forget_last();
    crate::manifest::forget_last();
}

#[cfg(test)]
mod tests {
    #[test]
    fn ten_times_is_valid_and_large() {
        let d = super::scaled(30, 4, 3);
        let diagnostics = crate::validate::validate(&d);
        assert!(
            diagnostics
                .iter()
                .all(|x| x.severity != crate::Severity::Error),
            "{diagnostics:?}"
        );
        let plan = crate::plan::Plan::build(&d);
        // dev and staging in the primary region; prod and perf1 in all three.
        assert_eq!(plan.deployments.len(), 30 * (1 + 1 + 3 + 3));
    }
}
