// Page object for a service's HTTP API section in the inspector: every selector the HTTP API
// journey uses lives here.

export class HttpApiSection {
  /**
   * @param {import('./designer.mjs').DesignerPage} designer
   * @param {number} service index of the service whose inspector is open
   */
  constructor(designer, service) {
    this.designer = designer;
    this.page = designer.page;
    this.service = service;
    this.section = this.page.getByTestId('http-api-section');
    this.routes = this.section.getByTestId('http-route');
  }

  /** Adds the HTTP API (its first route goes to the service's first function). */
  async add() {
    await this.page.getByRole('button', { name: 'Add an HTTP API' }).click();
    await this.routes.first().waitFor();
  }

  /** Adds a route; resolves when it is on the page. */
  async addRoute() {
    const before = await this.routes.count();
    await this.page.getByRole('button', { name: 'Add a route' }).click();
    await this.routes.nth(before).waitFor();
  }

  /** Sets route `j` to `key` (`METHOD /path`) and the function it invokes. */
  async setRoute(j, key, fn) {
    const base = `/services/${this.service}/http_api/routes/${j}`;
    await this.designer.setField(`${base}/route`, key);
    await this.designer.field(`${base}/function`).selectOption(fn);
  }

  /** Chooses the authorization (`iam` or `jwt`). */
  async setAuth(value) {
    await this.designer.field(`/services/${this.service}/http_api/auth`).selectOption(value);
  }
}
