import type { Problem } from '../errors.js';
import { isRecord } from './config.js';
import { FrontMatterError, parseFrontMatterYaml } from './frontmatter.js';
import { slugProblem } from './slug.js';

export interface Customer {
  id: string;
  name: string;
  segment?: string;
  owner?: string;
}

export interface Registry {
  customers: Customer[];
  problems: Problem[];
}

export const REGISTRY_FILE = 'customers.yaml';

/** The optional customer registry: `customers: [{ id, name, segment, owner }]`. */
export function parseRegistry(text: string, file: string): Registry {
  const problems: Problem[] = [];
  let data: Record<string, unknown>;
  try {
    data = parseFrontMatterYaml(text.replace(/\r\n?/g, '\n'), 1);
  } catch (error) {
    if (!(error instanceof FrontMatterError)) throw error;
    return { customers: [], problems: [{ file, line: error.line, col: error.col, message: error.message.replace('front matter', 'the registry'), severity: 'error' }] };
  }
  const list = data.customers ?? [];
  if (!Array.isArray(list)) {
    return { customers: [], problems: [{ file, message: 'customers: must be a list of { id, name }', severity: 'error' }] };
  }
  const customers: Customer[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  const lineOfId = (id: string) => {
    const index = lines.findIndex((line) => new RegExp(`\\bid:\\s*["']?${id.replace(/[^a-z0-9-]/g, '')}["']?\\s*(#.*)?$`).test(line));
    return index === -1 ? undefined : index + 1;
  };
  list.forEach((entry: unknown, index) => {
    const item = typeof entry === 'string' ? { id: entry } : entry;
    if (!isRecord(item)) {
      problems.push({ file, message: `customers[${index}]: must be { id, name }`, severity: 'error' });
      return;
    }
    const problem = slugProblem(item.id);
    if (problem) {
      problems.push({ file, message: `customers[${index}]: id ${JSON.stringify(item.id ?? '')} ${problem}`, severity: 'error' });
      return;
    }
    const id = item.id as string;
    if (seen.has(id)) {
      problems.push({ file, line: lineOfId(id), message: `customer "${id}" is listed twice: keep one`, severity: 'error' });
      return;
    }
    seen.add(id);
    const customer: Customer = { id, name: typeof item.name === 'string' && item.name.trim() ? item.name.trim() : id };
    if (typeof item.segment === 'string') customer.segment = item.segment;
    if (typeof item.owner === 'string') customer.owner = item.owner;
    customers.push(customer);
  });
  return { customers, problems };
}

export function customerName(customers: readonly Customer[], id: string): string {
  return customers.find((customer) => customer.id === id)?.name ?? id;
}
