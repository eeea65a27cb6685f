// Preloaded with --import when /usr/bin/time is missing: writes the process's peak memory (max
// RSS, in KB, worker threads included) to the file named by RHYTHM_BENCH_RSS when it exits.
import { writeFileSync } from 'node:fs';

const file = process.env.RHYTHM_BENCH_RSS;
if (file) process.on('exit', () => writeFileSync(file, `${process.resourceUsage().maxRSS}\n`));
