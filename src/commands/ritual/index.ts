import { isDeepStrictEqual } from 'node:util';
import { isEmptyAnswer, MAX_ANSWERS_BYTES, missingRequired, normaliseAnswers, parseAnswersText, AnswersError, type ExternalAnswers } from '../../domain/answers.js';
import { applyDecisions, mergeFlags, needsLedgerSince, openItemsOf, withLedgerSince, type ActionDecision, type FlagDecision, type OpenItems } from '../../domain/carry.js';
import { ritualCommand, teamName, type Config, type RitualConfig } from '../../domain/config.js';
import { addDaysTo, describeRange, formatPeriod, periodLookup, periodOf, rangeOf, shiftPeriod, type Cadence, type Day, type Period } from '../../domain/period.js';
import type { Customer } from '../../domain/registry.js';
import { answersOf, applyAnswers, renderNewReview, type Answers, type AnswerValue, type Flag, type NewAction, type ParsedReview, type Review, type ReviewMeta } from '../../domain/review.js';
import { inStyleOf } from '../../domain/frontmatter.js';
import { joinCaptured, notYetCaptured } from '../../domain/capture.js';
import type { Template } from '../../domain/template.js';
import type { Context } from '../../context.js';
import { ExitCode, formatProblem, Interrupted, UsageError, UserError } from '../../errors.js';
import { draftPath, readDraft, removeDraft, writeDraft, type Draft } from '../../io/drafts.js';
import { readInputText, readTextIfPresent } from '../../io/files.js';
import { lockWorkbook } from '../../io/lock.js';
import { createExclusive, writeAtomic } from '../../io/write-file.js';
import { readReview } from '../../io/reviews.js';
import { addCustomers, displayPath, earlierReviews, readRegistry, registryPath, reviewPath, ritualScales, type Workbook } from '../../io/workbook.js';
import type { RunEnv } from '../../run/env.js';
import { rollupPeriod } from '../../run/rollup.js';
import type { InterviewResult } from './interview.js';
import { locate, type PlaceOptions, type ReviewPlace } from './place.js';
import { skipPeriod } from './skip.js';
import { commitWritten } from '../../run/commit.js';

export interface RitualOptions extends PlaceOptions {
  answers?: string;
  edit: boolean;
  dryRun: boolean;
  commit: boolean;
  amend: boolean;
  force: boolean;
  /** Record the period as skipped instead of holding it, with why when given. */
  skip?: { reason?: string };
}

/** Everything known about the review before anyone is asked anything. */
interface Session extends ReviewPlace {
  existingText?: string;
  /** The review being amended. */
  existing?: Review;
  customers: Customer[];
  /** What the previous review left open (nothing when amending: it was decided then). */
  open: OpenItems;
  /** Last time's scores, shown beside each scale question as a reference. */
  previousScores?: Record<string, number>;
  /** Who took part in the previous review: this time's default (people come week after week). */
  previousParticipants?: string[];
  external?: ExternalAnswers;
  /** Markdown summary of the period so far (quarterly and annual). */
  rollup?: string;
}

interface Gathered {
  participants: string[];
  answers: Answers;
  actionDecisions: ActionDecision[];
  flagDecisions: FlagDecision[];
  newCustomers: Customer[];
  /** What was asked (question ids and `participants`), for a draft. */
  answered?: string[];
  /** A draft to remove once the review is written, or to keep the answers in when they cannot be. */
  draftFile?: string;
}

/** `rhythm weekly|quarterly|annual|new <ritual>`: scaffold the period's review, ask, write, commit. */
export async function runRitual(env: RunEnv, options: RitualOptions): Promise<ExitCode> {
  if (options.skip) {
    if (options.answers !== undefined || options.amend || options.edit) throw new UsageError('--skip records a period as not held: it takes no --answers, --amend or --edit');
    return skipPeriod(env, await locate(env, options), { ...options.skip, commit: options.commit, dryRun: options.dryRun, force: options.force });
  }
  // Before any work: without a terminal and without answers there is nobody to ask, so fail at once.
  const interactive = options.input !== false && env.interactive;
  if (!interactive && options.answers === undefined) {
    throw new UserError(
      `no terminal to ask questions on: pass answers with --answers <file|-> (YAML or JSON, keyed by question id; see README "Answers for scripts")`,
      ExitCode.usage,
    );
  }
  let session = await prepare(env, options);
  const missed = interactive ? await holdMissedWeekFirst(env, session, options) : undefined;
  if (missed?.hold) session = await prepare(env, { ...options, last: true });
  const gathered = interactive ? await askAfter(missed?.skipped, () => ask(env, session, options), session.label) : fromAnswersFile(session);
  const text = compose(session, gathered);
  if (options.dryRun) {
    env.output.data(text);
    env.output.info(env.output.color.dim(`(dry run: ${session.display} was not written)`));
    return ExitCode.ok;
  }
  await record(env, session, gathered, text, options);
  return ExitCode.ok;
}

async function prepare(env: RunEnv, options: RitualOptions): Promise<Session> {
  const { workbook, ritual, heldOn, period, label, team, template, path, display } = await locate(env, options);
  const { config } = workbook;

  const found = await readTextIfPresent(path);
  // An empty file holds nothing anyone wrote (an older rhythm killed while creating it left one): it is no review.
  const existingText = found === '' ? undefined : found;
  // A review in progress (captured between meetings: rhythm heard, flag, action, done) is not held yet: the ritual starts from it.
  const captured = existingText !== undefined && !options.amend && !options.force ? await readInProgress(workbook, path, display) : undefined;
  if (existingText !== undefined && !options.amend && !options.force && !captured) {
    throw new UserError(`${display} already exists: run with --amend to revise it, or --force to start it over`);
  }
  if (options.amend && existingText === undefined) {
    throw new UserError(found === '' ? `${display} is empty (an interrupted run left it): run without --amend to write the review` : `${display} does not exist yet: run without --amend to start it`);
  }
  if (found === '' && !options.force) env.output.warn(`${display} is empty (an interrupted run left it): the review will be written over it`);
  const existing = options.amend ? await readExisting(workbook, path, display) : captured;
  const { customers } = await readRegistry(workbook);
  // When amending, what was carried in was decided then; otherwise the previous review's open items come forward.
  const lastHeld = existing && !existing.inProgress ? undefined : await previousReview(workbook, ritual.name, period, team, env.output.warn);
  // A quarter or a year asks about the customers the weeks say are not receiving value now: the
  // latest weekly's open flags (flags count from weeklies alone, so this copy changes no figure).
  // Its actions stay the weeklies' to close; the rollup shown first lists them.
  const lastWeekly = existing || (ritual.cadence !== 'quarter' && ritual.cadence !== 'year') ? undefined : await latestWeeklyWithin(workbook, period, heldOn, team, env.output.warn);
  const [previous, weekly] = await sinceOfOpenItems(env, workbook, period, team, heldOn, [lastHeld, lastWeekly]);
  const carried = weekly ? { ...openItemsOf(previous), from: weekly.period, flags: flagsInCadence(openItemsOf(weekly).flags, ritual.cadence, config) } : openItemsOf(previous);
  // What was captured decided some of it already (an action ticked, a customer flagged): not asked again.
  const open = existing?.inProgress ? notYetCaptured(carried, existing) : carried;
  const external = options.answers !== undefined ? await readAnswers(env, options.answers, template, customers, open) : undefined;
  // An amended review was held when it says it was: every age and duration counts from that day. Only --date moves it.
  const held = existing?.date && options.date === undefined && !existing.inProgress ? existing.date : heldOn;
  const rollup = await rollupSummary(env, workbook, ritual, period, team, held);
  return {
    workbook,
    ritual,
    period,
    label,
    template,
    path,
    display,
    heldOn: held,
    customers,
    open,
    ...(previous ? { previousScores: previous.scores, previousParticipants: previous.participants } : {}),
    ...(team ? { team } : {}),
    ...(existingText !== undefined ? { existingText } : {}),
    ...(existing ? { existing } : {}),
    ...(external ? { external } : {}),
    ...(rollup ? { rollup } : {}),
  };
}

/**
 * A weekly after a missed week names it and offers to hold it now (as `--last` would), to record
 * it as skipped on purpose (as `--skip --last` would), or to leave it missed: a rhythm that breaks
 * should be seen breaking. Asked only for this week's review, when last week's has no file but an
 * earlier one was held.
 */
async function holdMissedWeekFirst(env: RunEnv, session: Session, options: RitualOptions): Promise<{ hold: boolean; skipped?: string }> {
  if (session.ritual.cadence !== 'week' || session.existing || session.existingText !== undefined || options.last || options.period !== undefined || !session.open.from) return { hold: false };
  const { config } = session.workbook;
  const lastWeek = formatPeriod(shiftPeriod(session.period, -1, config), config);
  if (session.open.from === lastWeek || (await readTextIfPresent(reviewPath(session.workbook, session.ritual.name, lastWeek, session.team))) !== undefined) return { hold: false };
  const prompter = await env.context.prompter(env.output);
  const choice = await prompter.select<'skip' | 'hold' | 'later'>({
    key: 'missed',
    message: `${lastWeek} was not held (the last weekly is ${session.open.from}).`,
    why: 'A missed week is how a rhythm fades: hold it late, or say it was skipped.',
    // Enter leaves the week missed: only a deliberate choice takes it out of the count.
    choices: [
      { name: `leave ${lastWeek} missed; go on with ${session.label}`, value: 'later' },
      { name: `hold ${lastWeek} now (as rhythm weekly --last), then ${session.label} next time`, value: 'hold' },
      { name: `skipped on purpose (a holiday, an offsite): record it, so it is not counted as missed`, value: 'skip' },
    ],
    default: 'later',
  });
  if (choice === 'skip') {
    const reason = await prompter.input({ key: 'missed:reason', message: `Why was ${lastWeek} skipped? (optional)` });
    const place = await locate(env, { ...options, last: true, ...(session.team ? { team: session.team } : {}) });
    await skipPeriod(env, place, { reason, commit: options.commit, dryRun: options.dryRun, force: false });
    return { hold: false, skipped: lastWeek };
  }
  return { hold: choice === 'hold' };
}

/** The questions, after a missed week was recorded as skipped: Ctrl-C then says the skip stays and this week's review was not written. */
async function askAfter<T>(skipped: string | undefined, ask: () => Promise<T>, label: string): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (skipped !== undefined && error instanceof Interrupted && error.note === undefined) throw new Interrupted(`${skipped} stays recorded as skipped; the review of ${label} was not written.`);
    throw error;
  }
}

/**
 * Answers given in advance (and what the review being amended already says) start the conversation.
 * Asked, participants default to last time's (people come week after week); an answers file that
 * names none means the team's members, as it always has: a script's review does not inherit who
 * happened to be absent last week.
 */
function startingPoint(session: Session, asked: boolean): Gathered {
  const members = session.workbook.config.teams.find((team) => team.id === session.team)?.members ?? [];
  const lastTime = asked && session.previousParticipants?.length ? session.previousParticipants : undefined;
  return {
    participants:
      session.external?.participants ??
      (session.existing?.inProgress && session.existing.participants.length === 0 ? undefined : session.existing?.participants) ??
      lastTime ??
      [...members],
    answers: session.existing?.inProgress
      ? joinCaptured(session.template, answersOf(session.existing, session.template), session.external?.answers ?? {})
      : { ...(session.existing ? answersOf(session.existing, session.template) : {}), ...(session.external?.answers ?? {}) },
    actionDecisions: session.external?.actionDecisions ?? [],
    flagDecisions: session.external?.flagDecisions ?? [],
    newCustomers: [],
  };
}

function fromAnswersFile(session: Session): Gathered {
  const start = startingPoint(session, false);
  const missing = missingRequired(session.template, start.answers);
  if (missing.length > 0) {
    throw new UserError(`missing required answers: ${missing.map((question) => `${question.id} (${question.prompt})`).join('; ')}: add them to the answers file`);
  }
  return start;
}

async function ask(env: RunEnv, session: Session, options: RitualOptions): Promise<Gathered> {
  const { output } = env;
  const { config } = session.workbook;
  output.info(output.color.bold(`\n${session.template.title}: ${session.label}, ${describeRange(rangeOf(session.period, config))}${session.team ? ` (${teamName(config, session.team)})` : ''}`));
  if (session.template.intro) output.info(output.color.dim(session.template.intro));
  // The summary is markdown for the file; on the terminal its **bold** becomes real bold.
  if (session.rollup) output.info(`\n${session.rollup.replace(/\*\*(.+?)\*\*/g, (_, text: string) => output.color.bold(text))}\n`);

  const start = startingPoint(session, true);
  const prompter = await env.context.prompter(output);
  const draftFile = draftPath(session.workbook, session.ritual.name, session.label, session.team);
  const draft = readDraft(draftFile);
  const resume =
    draft !== undefined &&
    (await prompter.confirm({
      key: 'draft:resume',
      message: `Resume the unfinished review of ${session.label} (saved ${draft.savedAt.slice(0, 16).replace('T', ' ')}, ${draft.answered.length} answered)?`,
      default: true,
    }));
  const given = new Set([...Object.keys(session.external?.answers ?? {}), ...(resume ? draft.answered : [])]);
  if (session.external?.participants) given.add('participants');
  // An amend saves what the file said when it was read, so that resuming keeps what others changed since.
  const base = session.existing ? answersOf(session.existing, session.template) : undefined;
  const { interview } = await import('./interview.js');
  const result = await withDraft(draftFile, env.context, { autosave: !options.dryRun, ...(base ? { base } : {}) }, (onProgress) =>
    interview({
      template: session.template,
      prompter,
      customers: session.customers,
      members: config.teams.find((team) => team.id === session.team)?.members ?? [],
      today: session.heldOn,
      defaults: resume ? { ...start.answers, ...changedIn(draft) } : start.answers,
      // What was captured between meetings is kept as it is: the weekly asks only the rest.
      keepGiven: session.existing?.inProgress === true,
      defaultParticipants: resume ? draft.participants : start.participants,
      given,
      open: session.open,
      ...(session.previousScores ? { previousScores: session.previousScores } : {}),
      actionDecisions: resume ? draft.actionDecisions.map((decision) => decision ?? undefined) : start.actionDecisions,
      flagDecisions: resume ? draft.flagDecisions.map((decision) => decision ?? undefined) : start.flagDecisions,
      ...(resume ? { newCustomers: draft.newCustomers } : {}),
      onProgress,
    }),
  );
  return { ...result, draftFile };
}

function compose(session: Session, gathered: Gathered): string {
  const { config } = session.workbook;
  const carried = applyDecisions(session.open, gathered.actionDecisions, gathered.flagDecisions);
  const answers = combineWithCarried(session.template, gathered.answers, carried.actions, carried.flags, session.label);
  const meta: ReviewMeta = {
    ritual: session.ritual.name,
    period: session.label,
    range: describeRange(rangeOf(session.period, config)),
    date: session.heldOn,
    participants: gathered.participants,
    resolved: session.existing ? [...session.existing.resolved, ...(session.existing.inProgress ? carried.resolved : [])] : carried.resolved,
    ...(session.team ? { team: session.team, teamName: teamName(config, session.team) } : {}),
    ...(session.rollup ? { rollup: session.rollup } : {}),
  };
  if (session.existingText === undefined) return renderNewReview(session.template, meta, answers);
  // Written back in the style it was saved in (a byte order mark, CRLF), whether amended or started over.
  const text = session.existing
    ? applyAnswers(session.existingText, session.template, meta, answers, answersOf(session.existing, session.template))
    : renderNewReview(session.template, meta, answers);
  return inStyleOf(session.existingText, text);
}

/**
 * Write the review and record it (registry, draft, editor, commit), holding the workbook's lock
 * from the last look at the file to the commit: runs in one workbook take turns, so neither
 * writes over what the other wrote after it read, and their commits never meet. The lock is let
 * go while a person is in the editor.
 */
async function record(env: RunEnv, session: Session, gathered: Gathered, text: string, options: RitualOptions): Promise<void> {
  const { output } = env;
  const { workbook, display } = session;
  const locked = () => lockWorkbook(workbook.root, { now: env.context.now });
  let lock = await locked();
  try {
    const put = await claim(env, session, gathered, options);
    const changed = [session.path];
    // The registry first: a review never names a customer the registry does not hold, whatever ends the run in between.
    if (gathered.newCustomers.length > 0) {
      const added = await addCustomers(workbook, gathered.newCustomers);
      changed.push(registryPath(workbook));
      if (added.length > 0) output.success(`added ${added.map((customer) => customer.name).join(', ')} to ${displayPath(workbook, registryPath(workbook))}`);
    }
    await put(text);
    output.success(`${options.amend ? 'updated' : 'wrote'} ${display}`);
    if (gathered.draftFile) removeDraft(gathered.draftFile);

    if (options.edit) {
      await lock.release();
      try {
        await env.context.editor(session.path);
      } catch (error) {
        if (error instanceof UserError) throw new UserError(`${display} was written but not committed: ${error.message}`);
        throw error;
      }
      lock = await locked();
    }
    if (options.commit && workbook.config.git.commit) {
      const message = `rhythm: ${session.ritual.name} review ${session.label}${session.team ? ` (${session.team})` : ''}${options.amend ? ', amended' : ''}`;
      await commitWritten(env, workbook.root, changed, message, display);
    } else {
      output.info(output.color.dim('not committed (--no-commit or git.commit: false)'));
    }
  } finally {
    await lock.release();
  }
  output.data(display);
  output.info(output.color.dim(`next: rhythm status · rhythm report --${session.ritual.cadence === 'week' ? 'quarter' : 'year'} · ${ritualCommand(session.ritual.name)} --amend`));
}

/**
 * Compare and swap, under the lock: the file is written only if it is still what this run read
 * (absent or empty for a new review, the same text for --amend and --force). Otherwise someone
 * wrote it while this run was answering, and nothing is written: the answers are kept for the next
 * run. Returns how to put the text in place, once what must come first (the registry) is done.
 */
async function claim(env: RunEnv, session: Session, gathered: Gathered, options: RitualOptions): Promise<(text: string) => Promise<void>> {
  const current = await readTextIfPresent(session.path);
  const vacant = current === undefined || current === '';
  if (session.existingText === undefined) {
    if (!vacant) throw notWritten(env, session, gathered, options, 'was created by someone else while you answered', 'run with --amend to add them');
    if (current === '') return (text) => writeAtomic(session.path, text);
    return async (text) => {
      try {
        await createExclusive(session.path, text);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        throw notWritten(env, session, gathered, options, 'was created by someone else while you answered', 'run with --amend to add them');
      }
    };
  }
  if (current !== session.existingText) {
    throw notWritten(env, session, gathered, options, 'changed while you answered', `run ${options.amend ? '--amend' : '--force'} again`);
  }
  return (text) => writeAtomic(session.path, text);
}

/** The one line for answers that could not be written, and where they are kept. */
function notWritten(env: RunEnv, session: Session, gathered: Gathered, options: RitualOptions, what: string, next: string): UserError {
  let kept: string;
  if (gathered.draftFile) {
    writeDraft(gathered.draftFile, {
      savedAt: env.context.now.toISOString(),
      participants: gathered.participants,
      answers: gathered.answers,
      answered: gathered.answered ?? [],
      actionDecisions: gathered.actionDecisions,
      flagDecisions: gathered.flagDecisions,
      newCustomers: gathered.newCustomers,
      ...(session.existing ? { base: answersOf(session.existing, session.template) } : {}),
    });
    kept = `they are kept in the draft ${displayPath(session.workbook, gathered.draftFile)}`;
  } else kept = options.answers === '-' ? 'pipe them in again' : `they are still in ${options.answers ?? 'your answers file'}`;
  return new UserError(`${session.display} ${what}: your answers were not written (${kept}); ${next}`);
}


/** The answers a draft holds: all of them, or of an amend's draft only those it changed from what the file said then. */
function changedIn(draft: Draft): Answers {
  const { base } = draft;
  if (!base) return draft.answers;
  const same = (a: AnswerValue | undefined, b: AnswerValue | undefined) => (isEmptyAnswer(a) && isEmptyAnswer(b)) || isDeepStrictEqual(a, b);
  return Object.fromEntries(Object.entries(draft.answers).filter(([id, value]) => !same(value, base[id])));
}

/** The review at `path` when it is in progress (what is captured between meetings), else undefined: a held one needs --amend. */
async function readInProgress(workbook: Workbook, path: string, display: string): Promise<Review | undefined> {
  const parsed = await readReview(workbook, { path, display });
  return parsed.review?.inProgress ? existingReview(parsed, display) : undefined;
}

async function readExisting(workbook: Workbook, path: string, display: string): Promise<Review> {
  return existingReview(await readReview(workbook, { path, display }), display);
}

/** The review a run starts from (amended, or captured between meetings): refused while the file has an error. */
function existingReview(parsed: ParsedReview, display: string): Review {
  const errors = parsed.problems.filter((problem) => problem.severity === 'error');
  if (!parsed.review || errors.length > 0) {
    throw new UserError(`${(errors[0] ? formatProblem(errors[0]) : `${display}: cannot be read`)}\nfix the file first (rhythm check lists every problem), then amend it`);
  }
  return parsed.review;
}

/**
 * The reviews whose open items come forward, each item only the ledger can date given the period
 * the team's ledger knows (withLedgerSince): the team's open actions and flags as of the day held,
 * rolled up from its reviews, read only when such an item is there to carry.
 */
async function sinceOfOpenItems(env: RunEnv, workbook: Workbook, period: Period, team: string | undefined, heldOn: Day, reviews: (Review | undefined)[]): Promise<(Review | undefined)[]> {
  if (!reviews.some(needsLedgerSince)) return reviews;
  const { rollup } = await rollupPeriod(env, workbook, { period, today: heldOn, history: true, strict: false, organisation: false, ...(team ? { team } : {}) }, 'status');
  const section = rollup.teams.find((candidate) => candidate.team === team);
  if (!section) return reviews;
  return reviews.map((review) => (review && needsLedgerSince(review) ? withLedgerSince(review, section.actions, section.flags) : review));
}

/** The team's latest weekly review held in `period` by `day`, if any. */
async function latestWeeklyWithin(workbook: Workbook, period: Period, day: Day, team: string | undefined, warn: (text: string) => void): Promise<Review | undefined> {
  const { config } = workbook;
  const weekly = Object.values(config.rituals).find((ritual) => ritual.cadence === 'week');
  if (!weekly) return undefined;
  const range = rangeOf(period, config);
  const until = day < range.end ? day : range.end;
  const review = await previousReview(workbook, weekly.name, shiftPeriod(periodOf('week', until, config), 1, config), team, warn);
  return review && rangeOf(periodLookup(config)(review.period)!.period, config).start >= range.start ? review : undefined;
}

/** Weekly flags in a quarterly's or annual's terms: since the quarter (or year) holding their first week's Thursday, as `check` asks. */
function flagsInCadence(flags: readonly Flag[], cadence: Cadence, config: Config): Flag[] {
  const periods = periodLookup(config);
  return flags.map((flag) => {
    const week = periods(flag.since);
    return week?.period.kind === 'week' ? { ...flag, since: formatPeriod(periodOf(cadence, addDaysTo(week.range.start, 3), config), config) } : flag;
  });
}

/** The team's latest earlier review of this ritual, not only the one just before: a missed week must not lose anything. */
async function previousReview(workbook: Workbook, ritual: string, period: Period, team: string | undefined, warn: (text: string) => void): Promise<Review | undefined> {
  const earlier = await earlierReviews(workbook, { team, ritual }, period);
  // A skipped period carries nothing: what the review before it left open comes forward.
  for (const location of earlier) {
    const parsed = await readReview(workbook, location);
    if (!parsed.review) warn(`${location.display} cannot be read, so nothing was carried forward from it (rhythm check says why)`);
    if (!parsed.review?.skipped) return parsed.review;
  }
  return undefined;
}

async function readAnswers(env: RunEnv, source: string, template: Template, customers: readonly Customer[], open: OpenItems): Promise<ExternalAnswers> {
  const name = source === '-' ? 'stdin' : source;
  // Read no further than an answers file may be: `--answers /dev/zero` or an endless stdin is refused at the limit.
  const limit = { bytes: MAX_ANSWERS_BYTES, what: 'answers file' };
  let text: string;
  if (source === '-') {
    if (env.context.stdin.isTTY) throw new UsageError('--answers -: reads answers from stdin, but stdin is a terminal: pipe a file in');
    text = await readInputText(env.context.stdin, limit);
  } else {
    try {
      text = await readInputText(source.startsWith('/') ? source : `${env.cwd}/${source}`, limit);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`--answers ${source}: no such file`);
      throw error;
    }
  }
  const raw = parseAnswersText(text, name);
  try {
    return normaliseAnswers(template, raw, { customers, open });
  } catch (error) {
    if (error instanceof AnswersError) throw new UserError(error.problems.map((problem) => `${name}: ${problem}`).join('\n'));
    throw error;
  }
}

/** Carried actions come first (with their decisions), then this period's; carried flags keep their first week. */
function combineWithCarried(template: Template, answers: Answers, carriedActions: NewAction[], carriedFlags: Flag[], label: string): Answers {
  const combined = { ...answers };
  const actionsQuestion = template.questions.find((question) => question.type === 'actions');
  if (actionsQuestion) combined[actionsQuestion.id] = [...carriedActions, ...((answers[actionsQuestion.id] as NewAction[] | undefined) ?? [])];
  if (template.questions.some((question) => question.type === 'flags')) {
    combined.flags = mergeFlags(carriedFlags, (answers.flags as Flag[] | undefined) ?? [], label);
  }
  return combined;
}

/**
 * Run the interview, keeping what was answered as a draft so the next run can resume instead of
 * starting over. The draft is saved after every answer: whatever ends the process (Ctrl-C, a
 * closed terminal, a crash, `kill -9`, a power cut), at most the answer being typed is lost.
 * A dry run saves it only when interrupted, so a finished rehearsal leaves nothing behind.
 */
async function withDraft(
  path: string,
  context: Pick<Context, 'now' | 'exit'>,
  { autosave, base }: { autosave: boolean; base?: Answers },
  ask: (onProgress: (progress: InterviewResult) => void) => Promise<InterviewResult>,
): Promise<InterviewResult> {
  let latest: InterviewResult | undefined;
  const save = () => {
    if (!latest || (latest.answered.length === 0 && latest.actionDecisions.length === 0 && latest.flagDecisions.length === 0)) return false;
    writeDraft(path, {
      savedAt: context.now.toISOString(),
      participants: latest.participants,
      answers: latest.answers,
      answered: latest.answered,
      actionDecisions: Array.from(latest.actionDecisions, (decision) => decision ?? null),
      flagDecisions: Array.from(latest.flagDecisions, (decision) => decision ?? null),
      newCustomers: latest.newCustomers,
      ...(base ? { base } : {}),
    });
    return true;
  };
  // A closed terminal sends SIGHUP, and the prompt's raw-mode reset fails with EIO on stdin:
  // whichever comes first saves the draft, before the process goes.
  const onHangup = () => {
    save();
    context.exit(ExitCode.hangup);
  };
  process.once('SIGHUP', onHangup);
  process.stdin.once('error', onHangup);
  try {
    return await ask((progress) => {
      latest = structuredClone(progress);
      if (autosave) save();
    });
  } catch (error) {
    // Whatever ended the questions (Ctrl-C, or a prompt failing on a terminal that is closing
    // before SIGHUP arrives), the answers given so far are kept.
    const saved = save();
    if (error instanceof Interrupted && saved) {
      throw new Interrupted('Your answers so far are saved as a draft: run the same command again to resume.');
    }
    throw error;
  } finally {
    process.removeListener('SIGHUP', onHangup);
    process.stdin.removeListener('error', onHangup);
  }
}

/**
 * Quarterly and annual reviews start from the evidence of the period so far: the rollup of the
 * team's other reviews, as of the day the review is held.
 */
async function rollupSummary(env: RunEnv, workbook: Workbook, ritual: RitualConfig, period: Period, team: string | undefined, heldOn: Day): Promise<string | undefined> {
  if (ritual.cadence !== 'quarter' && ritual.cadence !== 'year') return undefined;
  const [{ rollup }, { renderSummaryMarkdown }] = await Promise.all([
    rollupPeriod(env, workbook, { period, today: heldOn, strict: false, without: ritual.name, ...(team ? { team } : {}) }),
    import('../../report/markdown.js'),
  ]);
  return renderSummaryMarkdown(rollup, { scales: await ritualScales(workbook) }).trim();
}
