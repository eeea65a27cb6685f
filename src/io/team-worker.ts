import { parentPort, workerData } from 'node:worker_threads';
import { teamSectionMaker } from './team-section.js';
import type { TeamJob, TeamJobReply, TeamWorkerData } from './team-workers.js';

/**
 * A team worker of team-workers.ts: for each team it is sent, it reads the team's files, parses
 * them, computes the team's section and replies with what the rollup keeps of it
 * (team-section.ts). Teams are independent (domain/rollup/compute.ts rollupByTeam), so workers
 * share the work without sharing anything else, and the replies are small.
 */
const { config, input, keeper } = workerData as TeamWorkerData;
const section = teamSectionMaker(config, input, keeper);

parentPort!.on('message', ({ id, team, read, listed }: TeamJob & { id: number }) => {
  const reply: TeamJobReply = { id, ...section(team, read, listed) };
  // The bytes of a section kept as JSON move to the caller without a copy.
  const bytes = reply.kept ? [reply.kept.section.buffer as ArrayBuffer, reply.kept.part.buffer as ArrayBuffer] : [];
  parentPort!.postMessage(reply, bytes);
});
