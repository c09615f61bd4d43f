// The build's messages (prompts/messages/build.yaml), for scripts/build.mjs and bin/guanbot.mjs. The application's
// message module lives in dist/, which may not exist yet, so this reads the file itself; loaded only when needed.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ROOT } from './dist-state.mjs';

const table = YAML.parse(fs.readFileSync(path.join(ROOT, 'prompts/messages/build.yaml'), 'utf8'));

/** The message `key` with its `{name}` placeholders filled. */
export function buildText(key, vars = {}) {
  return String(table[key]).replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}
