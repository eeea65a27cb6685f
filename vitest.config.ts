import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    // e2e tests spawn the CLI and git; two cores are plenty busy with one worker per core.
    maxWorkers: 2,
  },
});
