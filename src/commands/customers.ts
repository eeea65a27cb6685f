import { customerName } from '../domain/registry.js';
import { ExitCode, UsageError } from '../errors.js';
import { customerRows, customerTimeline, renderCustomerRows, renderCustomerTimeline } from '../report/terminal.js';
import type { RunEnv } from '../run/env.js';
import { currentRollup } from '../run/rollup.js';

export interface CustomersOptions {
  id?: string;
  team?: string;
  date?: string;
  json: boolean;
  strict: boolean;
}

/** `rhythm customers [id]`: who we hear from and who is not receiving value; with an id, one customer's year. */
export async function customers(env: RunEnv, options: CustomersOptions): Promise<ExitCode> {
  // One customer's timeline shows their quotes and value too: the whole sections.
  const { rollup, customers: registry } = await currentRollup(env, options, options.id === undefined ? 'contacts' : 'whole');
  if (options.id !== undefined) {
    const known = rollup.organisation.customers.some((customer) => customer.id === options.id) || registry.some((customer) => customer.id === options.id);
    if (!known) throw new UsageError(`unknown customer "${options.id}": run rhythm customers for the list`);
    const events = customerTimeline(rollup, options.id);
    if (options.json) env.output.data(JSON.stringify({ customer: options.id, name: customerName(registry, options.id), period: rollup.period, events }, null, 2));
    else env.output.data(renderCustomerTimeline(customerName(registry, options.id), rollup, events, env.output.color));
    return ExitCode.ok;
  }
  const rows = customerRows(rollup);
  if (options.json) env.output.data(JSON.stringify({ period: rollup.period, customers: rows }, null, 2));
  else env.output.data(renderCustomerRows(rollup, rows, env.output.color));
  return ExitCode.ok;
}
