import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A small workbook for the rollup cache's tests (tests/io/rollup-cache.test.ts and
 * tests/e2e/rollup-cache.e2e.test.ts), written as people write one: three teams, the weekly
 * reviews of the fourth quarter of 2026 up to Thursday 26 November (W48), with quotes, flags,
 * scores and task-list actions; one review before the quarter whose action is still carried
 * (its day is read for the quarter's rollup), and a team (apac) whose reviews all stopped in
 * the summer: a quarter's rollup reads none of its files, only their names.
 */
export const TODAY = '2026-11-26';

export const CONFIG = `# Our customer rhythm
workbook: rhythm
teams:
  - id: emea-cs
    name: EMEA Customer Success
    members: [ana, bo]
  - id: na-accounts
    name: North America Accounts
    members: [dana, eli]
  - id: apac
    name: APAC Partners
    members: [kai]
escalateAfterWeeks: 3
`;

export const REGISTRY = `customers:
  - id: acme
    name: Acme Corp
  - id: globex
    name: Globex
  - id: initech
    name: Initech
  - id: hooli
    name: Hooli
`;

export const FILES: Record<string, string> = {
  'rhythm.yaml': CONFIG,
  'rhythm/customers.yaml': REGISTRY,
  'rhythm/emea-cs/weekly/2026-W39.md': `---
rhythm: 1
ritual: weekly
period: 2026-W39
team: emea-cs
date: 2026-09-24
participants: [ana, bo]
customers: [acme]
---
# Weekly customer review — 2026-W39

## What did we hear, in their words?  <!-- q:heard -->

- Acme Corp: "We still export to spreadsheets every Monday." #reporting

## What will we do about it?  <!-- q:actions -->

- [ ] Show Acme the scheduled export @ana due:2026-10-09 #acme
`,
  'rhythm/emea-cs/weekly/2026-W44.md': `---
rhythm: 1
ritual: weekly
period: 2026-W44
team: emea-cs
date: 2026-10-29
participants: [ana, bo]
customers: [acme, globex]
scores:
  value_confidence: 3
---
# Weekly customer review — 2026-W44

## What did we hear, in their words?  <!-- q:heard -->

- Acme Corp: "The scheduled export saves our analysts a day." #reporting
- Globex: "Nobody has logged in since the kickoff." #onboarding

## What value did we deliver, and how do we know?  <!-- q:value -->

- Acme Corp: export adopted by 12 analysts (evidence: usage data)

## What will we do about it?  <!-- q:actions -->

- [ ] Show Acme the scheduled export @ana due:2026-10-09 #acme since:2026-W39
- [ ] Call Globex's sponsor @bo due:2026-11-06 #globex
`,
  'rhythm/emea-cs/weekly/2026-W45.md': `---
rhythm: 1
ritual: weekly
period: 2026-W45
team: emea-cs
date: 2026-11-05
participants: [ana]
customers: [globex]
flags:
  - customer: globex
    reason: onboarding stalled
    since: 2026-W45
scores:
  value_confidence: 2
---
# Weekly customer review — 2026-W45

## What did we hear, in their words?  <!-- q:heard -->

- Globex: "We were promised SSO in week one." #onboarding #sso

## What will we do about it?  <!-- q:actions -->

- [x] Show Acme the scheduled export @ana due:2026-10-09 #acme since:2026-W39
- [ ] Call Globex's sponsor @bo due:2026-11-06 #globex since:2026-W44
- [ ] Run the admin training for Globex @ana due:2026-11-20 #globex
`,
  'rhythm/emea-cs/weekly/2026-W46.md': `---
rhythm: 1
ritual: weekly
period: 2026-W46
team: emea-cs
date: 2026-11-12
participants: [ana, bo]
customers: [globex, hooli]
flags:
  - customer: globex
    reason: onboarding stalled
    since: 2026-W45
scores:
  value_confidence: 2
---
# Weekly customer review — 2026-W46

## What did we hear, in their words?  <!-- q:heard -->

- Hooli: "Support answered within the hour." #support

## What will we do about it?  <!-- q:actions -->

- [ ] Call Globex's sponsor @bo due:2026-11-06 #globex since:2026-W44
- [ ] Run the admin training for Globex @ana due:2026-11-20 #globex since:2026-W45
`,
  'rhythm/emea-cs/weekly/2026-W47.md': `---
rhythm: 1
ritual: weekly
period: 2026-W47
team: emea-cs
date: 2026-11-19
participants: [bo]
customers: [globex]
flags:
  - customer: globex
    reason: onboarding stalled
    since: 2026-W45
scores:
  value_confidence: 2
---
# Weekly customer review — 2026-W47

## What did we hear, in their words?  <!-- q:heard -->

- Globex: "Three admins are trained; the rest start next week." #onboarding

## What will we do about it?  <!-- q:actions -->

- [ ] Call Globex's sponsor @bo due:2026-11-06 #globex since:2026-W44
- [ ] Run the admin training for Globex @ana due:2026-11-20 #globex since:2026-W45
`,
  'rhythm/na-accounts/weekly/2026-W45.md': `---
rhythm: 1
ritual: weekly
period: 2026-W45
team: na-accounts
date: 2026-11-03
participants: [dana, eli]
customers: [initech]
scores:
  value_confidence: 4
---
# Weekly customer review — 2026-W45

## What did we hear, in their words?  <!-- q:heard -->

- Initech: "The new dashboards replaced our weekly status call." #dashboards

## What value did we deliver, and how do we know?  <!-- q:value -->

- Initech: weekly status call cancelled (evidence: customer's words)

## What will we do about it?  <!-- q:actions -->

- [ ] Send Initech the renewal proposal @dana due:2026-11-27 #initech
`,
  'rhythm/na-accounts/weekly/2026-W46.md': `---
rhythm: 1
ritual: weekly
period: 2026-W46
team: na-accounts
date: 2026-11-10
participants: [dana]
customers: [initech, acme]
flags:
  - customer: initech
    reason: budget freeze
    since: 2026-W46
---
# Weekly customer review — 2026-W46

## What did we hear, in their words?  <!-- q:heard -->

- Initech: "Finance froze every renewal until January." #renewal

## What will we do about it?  <!-- q:actions -->

- [ ] Send Initech the renewal proposal @dana due:2026-11-27 #initech since:2026-W45
- [ ] Ask finance for a January start date @eli #initech
`,
  'rhythm/na-accounts/weekly/2026-W47.md': `---
rhythm: 1
ritual: weekly
period: 2026-W47
team: na-accounts
date: 2026-11-17
participants: [dana, eli]
customers: [initech]
resolved:
  - customer: initech
    since: 2026-W46
    note: January start agreed
---
# Weekly customer review — 2026-W47

## What will we do about it?  <!-- q:actions -->

- [x] Send Initech the renewal proposal @dana due:2026-11-27 #initech since:2026-W45
- [x] Ask finance for a January start date @eli #initech since:2026-W46
`,
  'rhythm/apac/weekly/2026-W30.md': `---
rhythm: 1
ritual: weekly
period: 2026-W30
team: apac
date: 2026-07-21
participants: [kai]
customers: [hooli]
---
# Weekly customer review — 2026-W30

## What did we hear, in their words?  <!-- q:heard -->

- Hooli: "The partner portal is where we live now." #portal

## What will we do about it?  <!-- q:actions -->

- [ ] Share the portal roadmap with Hooli @kai due:2026-08-14 #hooli
`,
  'rhythm/apac/weekly/2026-W31.md': `---
rhythm: 1
ritual: weekly
period: 2026-W31
team: apac
date: 2026-07-28
participants: [kai]
customers: [hooli]
---
# Weekly customer review — 2026-W31

## What will we do about it?  <!-- q:actions -->

- [ ] Share the portal roadmap with Hooli @kai due:2026-08-14 #hooli since:2026-W30
`,
};

/** The rollup cache files in `folder` (the cache's own folder, `<XDG_CACHE_HOME>/rhythm`): one a question. */
export function cacheFiles(folder: string): string[] {
  try {
    return readdirSync(folder)
      .filter((name) => /^rollup-[0-9a-f]+\.cache$/.test(name))
      .sort()
      .map((name) => join(folder, name));
  } catch {
    return [];
  }
}

/** A team's entry: its files' records as one string, `name,size,mtimeMs,ctimeMs,ino,hash[,1]` joined by `;` (see filesOf). */
export interface CachedTeamEntry {
  team?: string;
  /** The names of the team's files, joined by NUL (see namesOf). */
  names: string;
  files: string;
  problems: unknown[];
  unread: string[];
  kept: Record<string, [number, number, boolean]>;
}

/** A team entry's names of files, in order. */
export function namesOf(team: CachedTeamEntry): string[] {
  return team.names.split('\0');
}

/** A team entry's file records: [index in names, size, mtimeMs, ctimeMs, inode, hash, 1 when racy]. */
export function filesOf(team: CachedTeamEntry): [number, number, number, number, number, string, 1?][] {
  if (team.files === '') return [];
  return team.files.split(';').map((record) => {
    const [name, size, mtimeMs, ctimeMs, ino, hash, racy] = record.split(',');
    const file: [number, number, number, number, number, string, 1?] = [Number(name), Number(size), Number(mtimeMs), Number(ctimeMs), Number(ino), hash!];
    if (racy === '1') file.push(1);
    return file;
  });
}

export interface CacheHeader {
  key: string;
  teams: CachedTeamEntry[];
  organisation?: [number, number];
}

/**
 * A cache file's parts, as rollup-cache.ts writes them: its first line (the format), the blobs, the
 * header (JSON) from `headerAt`, and the header's length in the last 4 bytes.
 */
export function readCache(path: string): { magic: string; header: CacheHeader; headerAt: number; bytes: Buffer } {
  const bytes = readFileSync(path);
  const magic = bytes.toString('latin1', 0, bytes.indexOf(0x0a) + 1);
  const length = bytes.readUInt32LE(bytes.length - 4);
  const headerAt = bytes.length - 4 - length;
  return { magic, header: JSON.parse(bytes.toString('utf8', headerAt, bytes.length - 4)) as CacheHeader, headerAt, bytes };
}

/** The same cache with another header (of any length): the blobs stay where the header says they are. */
export function withHeader(path: string, header: CacheHeader): Buffer {
  const { headerAt, bytes } = readCache(path);
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([bytes.subarray(0, headerAt), json, length]);
}

/** `text` replaced by `other` (of the same length) in `bytes`, every time: a cache whose answer would show if it were used. */
export function poisoned(bytes: Buffer, text: string, other: string): Buffer {
  if (Buffer.byteLength(text) !== Buffer.byteLength(other)) throw new Error('poison of another length would move the blobs');
  const copy = Buffer.from(bytes);
  const from = Buffer.from(text, 'utf8');
  let found = 0;
  for (let at = copy.indexOf(from); at !== -1; at = copy.indexOf(from, at + 1)) {
    copy.write(other, at, 'utf8');
    found++;
  }
  if (found === 0) throw new Error(`"${text}" is not in the cache`);
  return copy;
}
