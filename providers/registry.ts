// The one list of BMC drivers. A URL's scheme picks the driver; a bare host means IPMI.
import { EndpointError, type BmcDriver, type DriverContext, type DriverFactory, type ParsedEndpoint } from './types.js';

export class DriverRegistry {
  private readonly byScheme = new Map<string, DriverFactory>();
  private readonly byDriver = new Map<string, DriverFactory>();

  constructor(factories: readonly DriverFactory[]) {
    for (const f of factories) {
      this.byDriver.set(f.driver, f);
      for (const s of f.schemes) {
        if (this.byScheme.has(s)) throw new Error(`BMC scheme ${s} registered twice`);
        this.byScheme.set(s, f);
      }
    }
  }

  get schemes(): string[] {
    return [...this.byScheme.keys()];
  }

  /** Parses an endpoint as written in the config. Throws EndpointError naming what is wrong. */
  parse(raw: string): ParsedEndpoint {
    const text = raw.trim();
    if (text === '') throw new EndpointError('BMC endpoint is empty');
    // A bare host (or host:port, or [v6]:port) means IPMI, as with ipmitool -H.
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `ipmi://${text}`;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch {
      throw new EndpointError(`BMC endpoint ${JSON.stringify(redactUserinfo(text))} is not a valid URL`);
    }
    const scheme = url.protocol.replace(/:$/, '').toLowerCase();
    const factory = this.byScheme.get(scheme);
    if (!factory) {
      throw new EndpointError(
        `BMC endpoint scheme "${scheme}" is not supported (supported: ${this.schemes.join(', ')})`,
      );
    }
    if (url.username !== '' || url.password !== '') {
      throw new EndpointError('BMC endpoint must not carry credentials in the URL; use the machine\'s credentials field');
    }
    return { driver: factory.driver, display: url.toString(), options: factory.parse(url) };
  }

  create(endpoint: ParsedEndpoint, ctx: DriverContext): BmcDriver {
    const factory = this.byDriver.get(endpoint.driver);
    if (!factory) throw new EndpointError(`no BMC driver "${endpoint.driver}"`);
    return factory.create(endpoint, ctx);
  }
}

function redactUserinfo(text: string): string {
  return text.replace(/\/\/[^/@]*@/, '//');
}
