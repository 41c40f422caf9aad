// Page object for the designer page: every selector the e2e tests use lives here.

export class DesignerPage {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.presetPicker = page.getByLabel('Preset');
    this.files = page.getByTestId('bundle-file');
    this.count = page.getByTestId('bundle-count');
    this.diagnostics = page.getByTestId('diagnostic');
  }

  /** Opens the page at `url` and waits until the bundle's file list is rendered. */
  async open(url) {
    await this.page.goto(url);
    await this.files.first().waitFor({ state: 'visible' });
  }

  /** The listed bundle paths, in page order. */
  async filePaths() {
    return (await this.files.allTextContents()).map((text) => text.trim());
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
}
