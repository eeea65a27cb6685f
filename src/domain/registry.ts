import type { Document, Node } from 'yaml';
import type { Problem } from '../errors.js';
import { isRecord } from './config.js';
import { FrontMatterError, normaliseText, parseFrontMatterDocument, parseFrontMatterFast, yamlPackage } from './frontmatter.js';
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
/** A registry lists every customer (thousands of lines), so it gets more room than front matter. */
export const MAX_REGISTRY_BYTES = 8 * 1024 * 1024;

/** The optional customer registry: `customers: [{ id, name, segment, owner }]`. */
export function parseRegistry(text: string, file: string): Registry {
  const problems: Problem[] = [];
  const source = normaliseText(text);
  let data: Record<string, unknown>;
  try {
    data = parseFrontMatterFast(source, 1, MAX_REGISTRY_BYTES);
  } catch (error) {
    if (!(error instanceof FrontMatterError)) throw error;
    return { customers: [], problems: [{ file, line: error.line, col: error.col, message: error.message.replace('front matter', 'the registry').replace(': move long text into the body', ''), severity: 'error' }] };
  }
  // The document, with the position of every node, is read only when a problem needs a line.
  let document: Document | undefined;
  const listNode = (): unknown => {
    document ??= parseFrontMatterDocument(source, 1);
    return document.get('customers', true);
  };
  const lineAt = (node: unknown): number | undefined => {
    const offset = (node as Node | undefined)?.range?.[0];
    if (offset === undefined) return undefined;
    let line = 1;
    for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) line++;
    return line;
  };
  // The line of entry `index`: its `id:` key when it has one, else the entry itself.
  const lineOfEntry = (index: number): number | undefined => {
    const list = listNode();
    const item = yamlPackage().isSeq(list) ? list.items[index] : undefined;
    const idPair = yamlPackage().isMap(item) ? item.items.find((pair) => yamlPackage().isScalar(pair.key) && pair.key.value === 'id') : undefined;
    return lineAt(idPair?.key) ?? lineAt(item);
  };
  const list = data.customers ?? [];
  if (!Array.isArray(list)) {
    return { customers: [], problems: [{ file, line: lineAt(listNode()), message: 'customers: must be a list of { id, name }', severity: 'error' }] };
  }
  const customers: Customer[] = [];
  const seen = new Set<string>();
  list.forEach((entry: unknown, index) => {
    const item = typeof entry === 'string' ? { id: entry } : entry;
    if (!isRecord(item)) {
      problems.push({ file, line: lineOfEntry(index), message: `customers[${index}]: must be { id, name }`, severity: 'error' });
      return;
    }
    const problem = slugProblem(item.id);
    if (problem) {
      problems.push({ file, line: lineOfEntry(index), message: `customers[${index}]: id ${JSON.stringify(item.id ?? '')} ${problem}`, severity: 'error' });
      return;
    }
    const id = item.id as string;
    if (seen.has(id)) {
      problems.push({ file, line: lineOfEntry(index), message: `customer "${id}" is listed twice: keep one`, severity: 'error' });
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
