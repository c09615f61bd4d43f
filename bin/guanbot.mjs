#!/usr/bin/env node
// Entry point of the `guanbot` command: runs the TypeScript sources through tsx,
// so a fresh clone works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
