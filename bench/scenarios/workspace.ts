/** A scenario's private temp folder: corpus, data dir and the config pointing at them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.ts';
import { copyCorpus, importRegulation, type BenchInputs } from '../lib/index.ts';

export interface Workspace {
  root: string;
  corpusDir: string;
  config: Config;
  /** Removes the temp folder. */
  dispose(): void;
}

/** A fresh temp folder with an empty corpus folder and a silent config using the built-in embedder. */
export function createWorkspace(): Workspace {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-bench-'));
  const corpusDir = path.join(root, 'corpus');
  const config = loadConfig({ GUANBOT_DATA_DIR: path.join(root, 'data'), GUANBOT_CORPUS_DIR: corpusDir, GUANBOT_LOG_LEVEL: 'silent' }, root);
  return { root, corpusDir, config, dispose: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** The default corpus: the curated corpus plus the 2019 regulation imported as 法规. */
export function prepareDefaultCorpus(ws: Workspace, inputs: BenchInputs): void {
  copyCorpus(inputs.corpusDir, ws.corpusDir);
  importRegulation(ws.corpusDir, inputs.regulationFile);
}
