//! The bundle's CI workflow (`.github/workflows/terraform.yml`).
//!
//! - Every run: `manifest` checks every generated file against `MANIFEST.sha256` (a hand edit
//!   fails it), `checkov` scans the bundle (pinned release; any failed check fails it, the
//!   in-line skips that name a design field are honoured), `fmt` runs `terraform fmt -check`;
//!   nothing is planned until the three pass.
//! - Pull requests: `terraform plan` of every root the change affects (its folder, or a module it
//!   uses), with the read-only plan role; the plans go to the job summary and an artifact.
//! - `main` (and a manual run, which takes every root): stage by stage — each tier in the
//!   design's order, its primary region before its disaster-recovery region — a plan job saves
//!   `tfplan` as an artifact, then an apply job in the tier's GitHub environment (its required
//!   reviewers approve the saved plan) applies exactly that file with the apply role. A failed
//!   stage stops the later ones.
//! - One concurrency group per root: two runs never hold the same state lock; `-lock-timeout`
//!   waits out a person's local run.
//!
//! `global/iam/` and `backend-bootstrap/` are not in it: an administrator applies them (the CI
//! roles cannot create or widen themselves).
//!
//! YAML, not HCL: written line by line. Every value in it is a path or a name that validation
//! restricts to `[a-z0-9-]`, and each is quoted anyway.

use crate::design::Design;
use crate::emit::modules::iam::CI_APPLY_SESSION_SECONDS;
use crate::plan::{Deployment, Plan};

/// The Terraform release CI installs: within the `required_version` of every root
/// ([`crate::emit::module::TERRAFORM_VERSION`]) and the one the bundle is checked with.
pub const TERRAFORM_CI_VERSION: &str = "1.11.4";

/// Actions the workflow uses, each pinned to a major release.
const CHECKOUT: &str = "actions/checkout@v4";
const SETUP_TERRAFORM: &str = "hashicorp/setup-terraform@v3";
const AWS_CREDENTIALS: &str = "aws-actions/configure-aws-credentials@v4";
const UPLOAD: &str = "actions/upload-artifact@v4";
const DOWNLOAD: &str = "actions/download-artifact@v4";
const SETUP_PYTHON: &str = "actions/setup-python@v5";

/// The checkov release CI installs (`pip install checkov==…`): a new release can add checks, so
/// a bundle that passed yesterday passes tomorrow until this is raised on purpose.
pub const CHECKOV_CI_VERSION: &str = "3.3.30";

/// The Python CI installs checkov with.
const PYTHON_CI_VERSION: &str = "3.12";

/// The jobs every plan waits for.
const CHECKS: &str = "fmt, manifest, checkov, changes";

/// How long a state lock held by someone else is waited for.
const LOCK_TIMEOUT: &str = "15m";

/// Modules the deployment root `d` calls, as folders of the bundle.
pub fn root_modules(d: &Deployment) -> Vec<String> {
    d.modules.iter().map(|m| format!("modules/{m}")).collect()
}

/// A root of a stage: its folder and the module folders it calls (a change to either plans it).
struct Root {
    dir: String,
    deps: Vec<String>,
}

/// A stage of the main-branch pipeline: the roots of one tier in one region, or the platform
/// root (the ECS cluster) of that tier and region, which gets a stage of its own before them.
struct Stage<'a> {
    /// Job and output id, e.g. `prod_us_east_1` or `platform_prod_us_east_1`.
    id: String,
    tier: &'a str,
    region: &'a str,
    roots: Vec<Root>,
    /// The apply wave within the tier and region (0: publishers and roots without
    /// subscriptions; `n`: subscribers of topics of wave `n - 1`).
    wave: usize,
}

impl Stage<'_> {
    /// The stage in job names: `prod us-east-1`, or `platform prod us-east-1`.
    fn label(&self) -> String {
        let platform = if self.id.starts_with("platform_") {
            "platform "
        } else {
            ""
        };
        let wave = if self.wave > 0 {
            format!(" ({})", self.wave + 1)
        } else {
            String::new()
        };
        format!("{platform}{} {}{wave}", self.tier, self.region)
    }
}

/// The stages in apply order: tiers as the design lists them; in each, the primary region's
/// roots, then the disaster-recovery region's; in each region, the platform root first, and the
/// roots of subscribers after those of the publishers they subscribe to (`kinds::topic::waves`:
/// `prod_us_east_1`, then `prod_us_east_1_2`, …).
fn stages<'a>(design: &'a Design, plan: &'a Plan) -> Vec<Stage<'a>> {
    let mut out: Vec<Stage> = Vec::new();
    let waves = crate::kinds::topic::waves(design);
    let last_wave = waves.iter().copied().max().unwrap_or(0);
    let mut later: Vec<Stage> = Vec::new();
    for (t, tier) in design.tiers.iter().enumerate() {
        for dr in [false, true] {
            for region in &design.regions {
                let here = |wave: usize| -> Vec<Root> {
                    plan.deployments
                        .iter()
                        .filter(|d| d.tier == t && d.dr == dr && d.region == region.name)
                        .filter(|d| waves.get(d.service).copied().unwrap_or(0) == wave)
                        .map(|d| Root {
                            dir: d.dir.clone(),
                            deps: root_modules(d),
                        })
                        .collect()
                };
                let roots = here(0);
                if roots.is_empty()
                    || out
                        .iter()
                        .any(|s| s.tier == tier.name && s.region == region.name)
                {
                    continue;
                }
                let id = format!("{}_{}", tier.name, region.name).replace('-', "_");
                if let Some(p) = plan
                    .platforms
                    .iter()
                    .find(|p| p.tier == t && p.region == region.name)
                {
                    out.push(Stage {
                        id: format!("platform_{id}"),
                        tier: &tier.name,
                        region: &region.name,
                        roots: vec![Root {
                            dir: p.dir.clone(),
                            deps: vec!["modules/ecs-cluster".to_string()],
                        }],
                        wave: 0,
                    });
                }
                // Roots whose queues subscribe to topics of other services' roots apply in
                // later stages of their own, each after its publishers'.
                for wave in 1..=last_wave {
                    let roots = here(wave);
                    if !roots.is_empty() {
                        later.push(Stage {
                            id: format!("{id}_{}", wave + 1),
                            tier: &tier.name,
                            region: &region.name,
                            roots,
                            wave,
                        });
                    }
                }
                out.push(Stage {
                    id,
                    tier: &tier.name,
                    region: &region.name,
                    roots,
                    wave: 0,
                });
                out.append(&mut later);
            }
        }
    }
    out
}

/// `.github/workflows/terraform.yml`.
pub fn github(design: &Design, plan: &Plan) -> String {
    let stages = stages(design, plan);
    let mut y = String::new();
    y.push_str("# Generated by tfdesign. Edit the design (tfdesign.json) and regenerate.\n");
    y.push_str("#\n# Pull requests: plan every root the change affects (read-only role).\n");
    y.push_str(
        "# main: stage by stage (tiers in order, primary region before DR), plan and save\n",
    );
    y.push_str(
        "# tfplan, then apply exactly that plan in the tier's GitHub environment once its\n",
    );
    y.push_str(
        "# reviewers approve. global/iam and backend-bootstrap are applied by an administrator.\n",
    );
    y.push_str(
        "# Repository variables: AWS_PLAN_ROLE_ARN, AWS_APPLY_ROLE_ARN (outputs of global/iam).\n",
    );
    y.push_str("name: terraform\n\non:\n  pull_request:\n  push:\n    branches: [main]\n");
    y.push_str(
        "  # Plans and applies every root (after a failed or cancelled run, for instance).\n",
    );
    y.push_str("  workflow_dispatch:\n\n");
    y.push_str("permissions:\n  contents: read\n  id-token: write\n\n");
    y.push_str("env:\n  TF_IN_AUTOMATION: \"true\"\n  TF_INPUT: \"false\"\n\njobs:\n");

    // fmt
    y.push_str("  fmt:\n    runs-on: ubuntu-latest\n    steps:\n");
    y.push_str(&format!("      - uses: {CHECKOUT}\n"));
    setup_terraform(&mut y);
    y.push_str("      - run: terraform fmt -check -recursive\n\n");

    // manifest
    y.push_str("  manifest:\n    runs-on: ubuntu-latest\n    steps:\n");
    y.push_str(&format!("      - uses: {CHECKOUT}\n"));
    y.push_str(
        "      # Every generated file as tfdesign wrote it: change the design and regenerate\n",
    );
    y.push_str(
        "      # (see README.md); keep your own files as *.local.tf or in a custom/ folder.\n",
    );
    y.push_str(&format!(
        "      - run: sha256sum --check --strict --quiet {}\n\n",
        crate::manifest::PATH
    ));

    // checkov
    y.push_str("  checkov:\n    runs-on: ubuntu-latest\n    steps:\n");
    y.push_str(&format!("      - uses: {CHECKOUT}\n"));
    y.push_str(&format!(
        "      - uses: {SETUP_PYTHON}\n        with:\n          python-version: \"{PYTHON_CI_VERSION}\"\n"
    ));
    y.push_str(&format!(
        "      - run: python -m pip install \"checkov=={CHECKOV_CI_VERSION}\"\n"
    ));
    y.push_str(
        "      # Fails on any failed check. A weaker setting the design chose carries an in-line\n",
    );
    y.push_str("      # checkov:skip naming its design field, which checkov honours.\n");
    y.push_str("      - run: checkov --directory . --framework terraform --compact --quiet\n\n");

    // changes
    y.push_str("  changes:\n    runs-on: ubuntu-latest\n    outputs:\n");
    y.push_str("      all: ${{ steps.roots.outputs.all }}\n");
    for st in &stages {
        y.push_str(&format!(
            "      {0}: ${{{{ steps.roots.outputs.{0} }}}}\n",
            st.id
        ));
    }
    y.push_str("    steps:\n");
    y.push_str(&format!(
        "      - uses: {CHECKOUT}\n        with:\n          fetch-depth: 0\n"
    ));
    y.push_str("      - id: roots\n        env:\n");
    y.push_str("          EVENT: ${{ github.event_name }}\n");
    y.push_str("          BASE: ${{ github.event_name == 'pull_request' && github.event.pull_request.base.sha || github.event.before }}\n");
    y.push_str("          HEAD: ${{ github.sha }}\n");
    y.push_str("        run: |\n");
    for line in changes_script(&stages) {
        if line.is_empty() {
            y.push('\n');
        } else {
            y.push_str(&format!("          {line}\n"));
        }
    }
    y.push('\n');

    // pull requests: plan the affected roots
    y.push_str(&format!("  plan:\n    needs: [{CHECKS}]\n"));
    y.push_str(
        "    if: github.event_name == 'pull_request' && needs.changes.outputs.all != '[]'\n",
    );
    y.push_str("    runs-on: ubuntu-latest\n");
    concurrency(&mut y);
    y.push_str("    strategy:\n");
    y.push_str("      # Read-only plans: one failing root does not hide the others' plans.\n");
    y.push_str("      fail-fast: false\n");
    y.push_str("      matrix:\n        include: ${{ fromJSON(needs.changes.outputs.all) }}\n");
    plan_steps(&mut y);
    y.push('\n');

    // main: stage by stage
    let mut previous: Option<&str> = None;
    for st in &stages {
        y.push_str(&format!("  plan_{}:\n", st.id));
        y.push_str(&format!("    name: plan {}\n", st.label()));
        match previous {
            None => y.push_str(&format!("    needs: [{CHECKS}]\n")),
            Some(p) => y.push_str(&format!("    needs: [{CHECKS}, apply_{p}]\n")),
        }
        y.push_str(&format!(
            "    if: ${{{{ !cancelled() && !failure() && github.event_name != 'pull_request' && github.ref == 'refs/heads/main' && needs.changes.outputs.{} != '[]' }}}}\n",
            st.id
        ));
        y.push_str("    runs-on: ubuntu-latest\n");
        concurrency(&mut y);
        y.push_str("    strategy:\n      fail-fast: true\n      matrix:\n");
        y.push_str(&format!(
            "        include: ${{{{ fromJSON(needs.changes.outputs.{}) }}}}\n",
            st.id
        ));
        plan_steps(&mut y);
        y.push('\n');

        y.push_str(&format!("  apply_{}:\n", st.id));
        y.push_str(&format!("    name: apply {}\n", st.label()));
        y.push_str(&format!("    needs: [changes, plan_{}]\n", st.id));
        y.push_str(&format!(
            "    if: ${{{{ !cancelled() && !failure() && needs.plan_{}.result == 'success' }}}}\n",
            st.id
        ));
        y.push_str("    runs-on: ubuntu-latest\n");
        y.push_str("    # Required reviewers of the environment approve the saved plan.\n");
        y.push_str(&format!("    environment: \"{}\"\n", st.tier));
        concurrency(&mut y);
        y.push_str("    strategy:\n      fail-fast: true\n      # One root at a time: a failure leaves the others untouched.\n      max-parallel: 1\n      matrix:\n");
        y.push_str(&format!(
            "        include: ${{{{ fromJSON(needs.changes.outputs.{}) }}}}\n",
            st.id
        ));
        y.push_str("    defaults:\n      run:\n        working-directory: ${{ matrix.root }}\n");
        y.push_str("    steps:\n");
        y.push_str(&format!("      - uses: {CHECKOUT}\n"));
        setup_terraform(&mut y);
        credentials(&mut y, "AWS_APPLY_ROLE_ARN", CI_APPLY_SESSION_SECONDS);
        y.push_str(&format!("      - uses: {DOWNLOAD}\n        with:\n"));
        y.push_str("          name: tfplan-${{ matrix.id }}\n");
        y.push_str("          path: ${{ matrix.root }}\n");
        y.push_str("      - run: terraform init\n");
        y.push_str(&format!(
            "      - run: terraform apply -lock-timeout={LOCK_TIMEOUT} tfplan\n\n"
        ));
        previous = Some(&st.id);
    }
    y.truncate(y.trim_end().len());
    y.push('\n');
    y
}

fn setup_terraform(y: &mut String) {
    y.push_str(&format!("      - uses: {SETUP_TERRAFORM}\n        with:\n"));
    y.push_str(&format!(
        "          terraform_version: \"{TERRAFORM_CI_VERSION}\"\n"
    ));
    y.push_str("          terraform_wrapper: false\n");
}

fn credentials(y: &mut String, role_var: &str, seconds: u32) {
    y.push_str(&format!("      - uses: {AWS_CREDENTIALS}\n        with:\n"));
    y.push_str(&format!(
        "          role-to-assume: ${{{{ vars.{role_var} }}}}\n"
    ));
    y.push_str("          aws-region: ${{ matrix.region }}\n");
    y.push_str(&format!("          role-duration-seconds: {seconds}\n"));
}

fn concurrency(y: &mut String) {
    y.push_str("    # One run at a time per root: its state lock is never contended by CI.\n");
    y.push_str("    concurrency:\n      group: terraform-${{ matrix.root }}\n      cancel-in-progress: false\n");
}

/// Init, validate, plan with the plan role; the plan goes to the job summary and, with the
/// plan file, to the artifact `tfplan-<id>` the apply job downloads.
fn plan_steps(y: &mut String) {
    y.push_str("    defaults:\n      run:\n        working-directory: ${{ matrix.root }}\n");
    y.push_str("    env:\n      ROOT: ${{ matrix.root }}\n");
    y.push_str("    steps:\n");
    y.push_str(&format!("      - uses: {CHECKOUT}\n"));
    setup_terraform(y);
    credentials(y, "AWS_PLAN_ROLE_ARN", 3600);
    y.push_str("      - run: terraform init\n      - run: terraform validate\n");
    y.push_str(&format!(
        "      - run: terraform plan -lock-timeout={LOCK_TIMEOUT} -out tfplan\n"
    ));
    y.push_str("      - run: |\n");
    y.push_str("          terraform show -no-color tfplan > plan.txt\n");
    y.push_str("          { echo \"### $ROOT\"; echo '```'; cat plan.txt; echo '```'; } >> \"$GITHUB_STEP_SUMMARY\"\n");
    y.push_str(&format!("      - uses: {UPLOAD}\n        with:\n"));
    y.push_str("          name: tfplan-${{ matrix.id }}\n");
    y.push_str("          path: |\n            ${{ matrix.root }}/tfplan\n            ${{ matrix.root }}/plan.txt\n");
    // A saved plan holds the prior state in clear text (with the database master password of
    // Terraform's, where the design has replicas): kept one day, long enough for the apply
    // jobs of the same run.
    y.push_str("          retention-days: 1\n");
}

/// The shell of the `changes` job: which roots the change affects (a root's folder or a module
/// it uses changed; everything on a manual run, a new branch or a changed workflow), as one
/// JSON list per stage and one of all, each entry `{root, region, id}`.
fn changes_script(stages: &[Stage]) -> Vec<String> {
    let mut s: Vec<String> = [
        "set -euo pipefail",
        "all_roots=false",
        "changed=\"\"",
        "if [ \"$EVENT\" = workflow_dispatch ] || [ -z \"$BASE\" ] || ! git cat-file -e \"$BASE^{commit}\" 2>/dev/null; then",
        "  all_roots=true",
        "else",
        "  changed=\"$(git diff --name-only \"$BASE\" \"$HEAD\")\"",
        "fi",
        "if printf '%s\\n' \"$changed\" | grep -qx '.github/workflows/terraform.yml'; then all_roots=true; fi",
        "# affected <root> <module folder>...",
        "affected() {",
        "  [ \"$all_roots\" = true ] && return 0",
        "  for dir in \"$@\"; do",
        "    printf '%s\\n' \"$changed\" | grep -q \"^$dir/\" && return 0",
        "  done",
        "  return 1",
        "}",
        "all=\"\"",
        "# stage <output> <region> then <root>|<id>|<module folders> per root",
        "stage() {",
        "  name=\"$1\"; region=\"$2\"; shift 2",
        "  list=\"\"",
        "  for entry in \"$@\"; do",
        "    root=\"${entry%%|*}\"; rest=\"${entry#*|}\"; id=\"${rest%%|*}\"; deps=\"${rest#*|}\"",
        "    # shellcheck disable=SC2086",
        "    if affected \"$root\" $deps; then",
        "      item=\"{\\\"root\\\":\\\"$root\\\",\\\"region\\\":\\\"$region\\\",\\\"id\\\":\\\"$id\\\"}\"",
        "      list=\"$list${list:+,}$item\"",
        "      all=\"$all${all:+,}$item\"",
        "    fi",
        "  done",
        "  echo \"$name=[$list]\" >> \"$GITHUB_OUTPUT\"",
        "}",
    ]
    .iter()
    .map(|l| l.to_string())
    .collect();
    for st in stages {
        s.push(format!("stage {} {} \\", st.id, st.region));
        let n = st.roots.len();
        for (i, d) in st.roots.iter().enumerate() {
            let deps = d.deps.join(" ");
            let id = d.dir.trim_start_matches("environments/").replace('/', "-");
            let end = if i + 1 < n { " \\" } else { "" };
            s.push(format!("  \"{}|{id}|{deps}\"{end}", d.dir));
        }
    }
    s.push("echo \"all=[$all]\" >> \"$GITHUB_OUTPUT\"".to_string());
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workflow(preset: &str) -> (Design, String) {
        let design = crate::presets::get(preset).expect("preset");
        let plan = Plan::build(&design);
        let text = github(&design, &plan);
        (design, text)
    }

    #[test]
    fn the_workflow_is_yaml_without_tabs() {
        for preset in ["sports-cards", "minimal"] {
            let (_, y) = workflow(preset);
            assert!(!y.contains('\t'), "{y}");
            assert!(y.ends_with('\n') && !y.ends_with("\n\n"));
        }
    }

    #[test]
    fn main_applies_the_reviewed_plan_file_stage_by_stage() {
        let (design, y) = workflow("sports-cards");
        // Never a re-plan at apply time.
        assert!(!y.contains("-auto-approve"), "{y}");
        assert!(
            y.contains("terraform apply -lock-timeout=15m tfplan"),
            "{y}"
        );
        assert!(!y.contains("fail-fast: false\n      max-parallel"), "{y}");
        // Tiers in order, primary before DR, each apply after the previous stage's.
        let plan = Plan::build(&design);
        let ids: Vec<String> = stages(&design, &plan)
            .iter()
            .map(|s| s.id.clone())
            .collect();
        assert_eq!(
            ids,
            [
                "platform_dev_us_east_1",
                "dev_us_east_1",
                "platform_staging_us_east_1",
                "staging_us_east_1",
                "platform_prod_us_east_1",
                "prod_us_east_1",
                "platform_prod_us_west_2",
                "prod_us_west_2"
            ],
            "{y}"
        );
        let all = stages(&design, &plan);
        for pair in all.windows(2) {
            assert!(
                y.contains(&format!(
                    "  plan_{}:\n    name: plan {}\n    needs: [fmt, manifest, checkov, changes, apply_{}]\n",
                    pair[1].id,
                    pair[1].label(),
                    pair[0].id
                )),
                "{} does not wait for {}:\n{y}",
                pair[1].id,
                pair[0].id
            );
        }
        // Every apply job runs in its tier's environment with the apply role; plans never do.
        for st in &ids {
            let job = &y[y.find(&format!("  apply_{st}:")).unwrap()..];
            let job = &job[..job[3..].find("\n  plan_").map_or(job.len(), |i| i + 3)];
            let tier = st
                .trim_start_matches("platform_")
                .split('_')
                .next()
                .unwrap();
            assert!(job.contains(&format!("environment: \"{tier}\"")), "{job}");
            assert!(job.contains("vars.AWS_APPLY_ROLE_ARN"), "{job}");
            assert!(job.contains("role-duration-seconds: 14400"), "{job}");
            assert!(job.contains("name: tfplan-${{ matrix.id }}"), "{job}");
        }
        assert_eq!(y.matches("vars.AWS_APPLY_ROLE_ARN").count(), ids.len());
        assert_eq!(y.matches("environment: \"").count(), ids.len());
    }

    #[test]
    fn every_plan_waits_for_the_manifest_checkov_and_fmt() {
        for preset in ["sports-cards", "minimal"] {
            let (_, y) = workflow(preset);
            assert!(y.contains("      - run: sha256sum --check --strict --quiet MANIFEST.sha256\n"));
            assert!(y.contains(&format!(
                "      - run: python -m pip install \"checkov=={CHECKOV_CI_VERSION}\"\n"
            )));
            let scan =
                "      - run: checkov --directory . --framework terraform --compact --quiet\n";
            assert!(y.contains(scan), "{y}");
            // Never soft: a failed check fails the job.
            assert!(
                !y.contains("--soft-fail") && !y.contains("--skip-check"),
                "{y}"
            );
            let plans = y.matches("\n  plan").count();
            assert!(plans >= 2);
            assert_eq!(
                y.matches("    needs: [fmt, manifest, checkov, changes")
                    .count(),
                plans,
                "{y}"
            );
        }
    }

    #[test]
    fn admin_roots_are_not_in_the_pipeline() {
        for preset in ["sports-cards", "minimal"] {
            let (_, y) = workflow(preset);
            // Named in the header comment as an administrator's job, never as a root to run.
            assert!(!y.contains("\"global/iam"), "{y}");
            assert!(!y.contains("\"backend-bootstrap"), "{y}");
            assert!(y.contains("global/iam and backend-bootstrap are applied by an administrator"));
        }
    }

    #[test]
    fn every_root_is_planned_when_its_folder_or_a_module_it_uses_changes() {
        let (design, y) = workflow("sports-cards");
        let plan = Plan::build(&design);
        for d in &plan.deployments {
            let deps = root_modules(d).join(" ");
            let id = d.dir.trim_start_matches("environments/").replace('/', "-");
            assert!(
                y.contains(&format!("\"{}|{id}|{deps}\"", d.dir)),
                "{} missing:\n{y}",
                d.dir
            );
        }
        assert_eq!(
            y.matches("|modules/").count(),
            plan.deployments.len() + plan.platforms.len()
        );
    }

    #[test]
    fn actions_and_terraform_are_pinned_and_locks_are_not_contended() {
        let (_, y) = workflow("sports-cards");
        for line in y.lines().filter(|l| l.contains("uses: ")) {
            let action = line.split("uses: ").nth(1).unwrap();
            let (_, version) = action.split_once('@').expect("pinned");
            assert!(version.starts_with('v') || version.len() == 40, "{line}");
        }
        assert!(y.contains(&format!("terraform_version: \"{TERRAFORM_CI_VERSION}\"")));
        assert_eq!(
            y.matches("terraform_version: ").count(),
            y.matches("uses: hashicorp/setup-terraform@").count()
        );
        // Every job that touches state is in its root's concurrency group and waits for locks.
        assert_eq!(
            y.matches("group: terraform-${{ matrix.root }}").count(),
            y.matches("working-directory: ${{ matrix.root }}").count()
        );
        assert!(y.matches("-lock-timeout=").count() >= 2);
        assert!(!y.contains("fail-fast: false\n      max-parallel"));
    }
}
