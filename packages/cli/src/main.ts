#!/usr/bin/env node
import { runCli } from './cli';

// The exit code is set, not forced: pending writes to stdout/stderr (pipes) are flushed before exit.
runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`lenet: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
