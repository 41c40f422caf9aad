// tfdesign against real Terraform on the same bundle, in one run (not part of the test suite):
//   node bench/versus-terraform.mjs [--preset sports-cards] [--runs 10]
// - tfdesign: `tfdesign validate` (design rules + generate + every file parsed back + provider
//   schema + wiring) as a whole process, release build, median of --runs;
// - terraform: `../shared/tools/tf-oracle/check --no-checkov` on the bundle `tfdesign generate`
//   wrote: `terraform fmt -check -recursive`, then `terraform init` + `terraform validate` of
//   every root (in parallel, one per core), against the aws 6.66 schema, once.
// Prints both wall times and their ratio.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const ORACLE = join(ROOT, "..", "shared", "tools", "tf-oracle", "check");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const PRESET = arg("--preset", "sports-cards");
const RUNS = Number(arg("--runs", 10));

if (!existsSync(ORACLE)) {
  console.error(`${ORACLE} is missing: nothing to compare with`);
  process.exit(2);
}
execFileSync("cargo", ["build", "--quiet", "--release", "-p", "tfdesign"], { cwd: ROOT, stdio: "inherit" });
const tfdesign = join(ROOT, "target", "release", "tfdesign");

const times = [];
for (let i = 0; i < RUNS; i++) {
  const start = process.hrtime.bigint();
  const run = spawnSync(tfdesign, ["validate", "--preset", PRESET], { encoding: "utf8" });
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
  if (run.status !== 0) throw new Error(`tfdesign validate failed:\n${run.stdout}${run.stderr}`);
}
times.sort((a, b) => a - b);
const ours = times[Math.floor(times.length / 2)];

const dir = mkdtempSync(join(tmpdir(), "tfdesign-vs-"));
try {
  execFileSync(tfdesign, ["generate", "--preset", PRESET, "--out", join(dir, "bundle"), "--force"], { stdio: "pipe" });
  const start = process.hrtime.bigint();
  const oracle = spawnSync(ORACLE, [join(dir, "bundle"), "--no-checkov"], { encoding: "utf8" });
  const theirs = Number(process.hrtime.bigint() - start) / 1e6;
  const summary = oracle.stdout.trim().split("\n").pop();
  if (oracle.status !== 0) throw new Error(`tf-oracle failed:\n${oracle.stdout}${oracle.stderr}`);
  console.log(`preset ${PRESET}`);
  console.log(`tfdesign validate (generate + all three layers), median of ${RUNS}: ${ours.toFixed(1)} ms`);
  console.log(`terraform fmt + init + validate via tf-oracle:            ${(theirs / 1000).toFixed(1)} s   (${summary})`);
  console.log(`ratio: tfdesign is ${Math.round(theirs / ours).toLocaleString("en")}× faster`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
