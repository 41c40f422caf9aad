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
    this.alert = page.getByRole('alert');
    this.shareLink = page.getByTestId('share-link');
    this.undoButton = page.getByRole('button', { name: 'Undo', exact: true });
    this.redoButton = page.getByRole('button', { name: 'Redo', exact: true });
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

  /** Picks preset `name` and waits for the file count to change. */
  async choosePreset(name) {
    const before = await this.countText();
    await this.presetPicker.selectOption(name);
    await this.page.waitForFunction(
      (previous) =>
        document.querySelector('[data-testid="bundle-count"]')?.textContent.trim() !== previous,
      before,
    );
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
    await this.page.getByRole('button', { name: '+ Service' }).click();
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

  /** Presses a shortcut (e.g. 'Control+Z') with the focus on the page body. */
  async press(keys) {
    await this.page.locator('body').press(keys);
  }
}
