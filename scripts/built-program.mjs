// The real commander program of the build (dist/cli.js), for build steps that read it: a context
// that runs nothing, its output sent to `sink`.
import { createProgram } from '../dist/cli.js';

export function builtProgram(sink = { write: () => true }) {
  return createProgram({ cwd: process.cwd(), now: new Date(), env: {}, stdin: process.stdin, stdout: sink, stderr: sink }, { exitCode: 0 });
}
