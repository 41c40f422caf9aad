// Page object for the designer page: every selector the e2e tests use lives here.
import { readFile } from 'node:fs/promises';

export class DesignerPage {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.presetPicker = page.getByLabel('Preset');
    this.files = page.getByTestId('bundle-file');
    this.count = page.getByTestId('bundle-count');
    this.diagnostics = page.getByTestId('diagnostic');
    this.cells = page.getByTestId('matrix-cell');
    this.serviceRows = page.getByTestId('service-row');
    // The message in the alert live region (the region itself is always on the page).
    this.alert = page.getByRole('alert').getByTestId('notice');
    this.shareLink = page.getByTestId('share-link');
    this.undoButton = page.getByRole('button', { name: 'Undo', exact: true });
    this.redoButton = page.getByRole('button', { name: 'Redo', exact: true });
    this.code = page.getByTestId('code');
    this.undoToast = page.getByTestId('undo-toast');
    this.restoreBanner = page.getByTestId('restore');
    // Downloads ask to confirm when the design has warnings: the tests agree.
    page.on('dialog', (dialog) => dialog.accept());
  }

  /** Opens the page at `url` and waits until the matrix is rendered. */
  async open(url) {
    await this.page.goto(url);
    await this.cells.first().waitFor({ state: 'visible' });
  }

  /** The bundle's paths, in page order. */
  async filePaths() {
    return this.files.evaluateAll((buttons) => buttons.map((b) => b.dataset.path));
  }

  /** The file count as shown, e.g. "12 files". */
  async countText() {
    return (await this.count.textContent()).trim();
  }

  /** Picks preset `name` and waits for the file count to show its bundle. */
  async choosePreset(name) {
    const before = await this.countText();
    await this.presetPicker.selectOption(name);
    await this.page.waitForFunction((previous) => {
      const count = document.querySelector('[data-testid="bundle-count"]')?.textContent.trim();
      return count !== previous && /^\d+ files?$/.test(count);
    }, before);
  }

  /** The service names, in matrix order. */
  async serviceNames() {
    return (await this.serviceRows.allTextContents()).map((t) => t.trim());
  }

  /** Selects tier `tier` through its column header in `region`. */
  async selectTier(tier, region) {
    await this.page.getByRole('button', { name: `Tier ${tier} in ${region}` }).click();
  }

  /** The input editing the field at JSON Pointer `pointer`. */
  field(pointer) {
    const id = `f${pointer.replaceAll('/', '-')}`;
    return this.page.locator(`[id="${id}"]`);
  }

  /** Types `value` into the field at `pointer`. */
  async setField(pointer, value) {
    await this.field(pointer).fill(String(value));
  }

  /** Adds a service; resolves when its row is there. */
  async addService() {
    const before = await this.serviceRows.count();
    await this.page.getByRole('button', { name: 'Add service' }).click();
    await this.serviceRows.nth(before).waitFor();
  }

  async #download(buttonName) {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: buttonName }).click(),
    ]);
    return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
  }

  /** Downloads the bundle: `{ name, bytes }`. */
  downloadZip() {
    return this.#download('Download .zip');
  }

  /** Exports the design: `{ name, text }`. */
  async exportJson() {
    const { name, bytes } = await this.#download('Export JSON');
    return { name, text: bytes.toString('utf8') };
  }

  /** Copies the share link and returns it (from the field the app shows it in). */
  async copyShareLink() {
    await this.page.getByRole('button', { name: 'Copy share link' }).click();
    await this.shareLink.waitFor();
    return this.shareLink.inputValue();
  }

  /** Imports a file with `name` and `contents` through the file picker. */
  async importFile(name, contents, mimeType = 'application/json') {
    await this.page.locator('#import-file').setInputFiles({
      name,
      mimeType,
      buffer: Buffer.from(contents),
    });
  }

  /** The path of the file open in the code pane. */
  async codePath() {
    return (await this.page.locator('.code-path').textContent()).trim();
  }

  /**
   * Where the file tree and the code are, in px, and how much code is readable: the longest
   * line's length and the rows it takes, and how many columns fit in the code's visible width.
   */
  async bundlePaneGeometry() {
    return this.page.evaluate(() => {
      const tree = document.querySelector('.file-tree').getBoundingClientRect();
      const pre = document.querySelector('[data-testid="code"]');
      const box = pre.getBoundingClientRect();
      const style = getComputedStyle(pre);
      const lines = [...pre.querySelectorAll('.line')];
      const longest = lines.reduce((a, b) => (b.textContent.length > a.textContent.length ? b : a));
      const length = longest.textContent.replace(/\n$/, '').length;
      const range = document.createRange();
      range.selectNodeContents(longest);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      const charWidth = range.getBoundingClientRect().width / length;
      const inner = pre.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return {
        treeLeft: Math.round(tree.left),
        treeRight: Math.round(tree.right),
        treeTop: Math.round(tree.top),
        codeLeft: Math.round(box.left),
        codeTop: Math.round(box.top),
        codeWidth: Math.round(box.width),
        longestLine: length,
        longestLineRows: tops.size,
        visibleColumns: Math.floor(inner / charWidth),
      };
    });
  }

  /** Presses a shortcut (e.g. 'Control+Z') with the focus on the page body. */
  async press(keys) {
    await this.page.locator('body').press(keys);
  }
}
