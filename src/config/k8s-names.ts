// Kubernetes naming rules (apimachinery validation), each returning what is wrong or undefined.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Machine and rack names: they end up in providerIDs and node names. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length > 63) return `"${value}" is longer than 63 characters`;
  if (!DNS1123_LABEL.test(value)) return `"${value}" must be lower-case letters, digits and '-', starting and ending with a letter or digit`;
  return undefined;
}

/** Node group ids: as a DNS-1123 label, but dots are allowed too. */
export function groupIdProblem(value: string): string | undefined {
  if (value.length > 63) return `"${value}" is longer than 63 characters`;
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(value)) {
    return `"${value}" must be lower-case letters, digits, '-' and '.', starting and ending with a letter or digit`;
  }
  return undefined;
}

/** Label keys, taint keys and resource names: [prefix/]name. */
export function qualifiedNameProblem(value: string): string | undefined {
  const slash = value.indexOf('/');
  const prefix = slash >= 0 ? value.slice(0, slash) : undefined;
  const name = slash >= 0 ? value.slice(slash + 1) : value;
  if (prefix !== undefined) {
    if (prefix.length === 0) return `"${value}" has an empty prefix before '/'`;
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) {
      return `"${value}": prefix "${prefix}" must be a DNS subdomain (lower-case, at most 253 characters)`;
    }
  }
  if (name.length === 0) return `"${value}" has an empty name`;
  if (name.length > 63) return `"${value}": name part is longer than 63 characters`;
  if (!QUALIFIED_NAME_PART.test(name)) {
    return `"${value}": name part must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit`;
  }
  return undefined;
}

/** Label and taint values: may be empty. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63) return `"${value}" is longer than 63 characters`;
  if (!QUALIFIED_NAME_PART.test(value)) {
    return `"${value}" must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit`;
  }
  return undefined;
}
