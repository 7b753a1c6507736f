// Defence in depth: drivers keep passwords out of their errors; this strips any that slip through
// before a message reaches an attempt record, a log line or the CLI.
import type { CredentialSource } from '../../providers/types.js';

export class SecretRedactor {
  private readonly secrets = new Set<string>();

  /** The same source, remembering every password it hands out (rotations included). */
  watch(source: CredentialSource): CredentialSource {
    return {
      describe: source.describe,
      get: async () => {
        const credentials = await source.get();
        if (credentials.password !== '') this.secrets.add(credentials.password);
        return credentials;
      },
    };
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }
}
