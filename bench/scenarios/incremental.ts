/** `incremental`: on the default corpus, change one passage and rebuild; only changed passages may be embedded again. */
import { buildIndex } from '../../src/answer/index.ts';
import { loadIndexFiles } from '../../src/retrieval/index-store.ts';
import type { Config } from '../../src/config.ts';
import { editOneDocument, peakRssMb, round, type BenchInputs, type ScenarioOutcome } from '../lib/index.ts';
import { createWorkspace, prepareDefaultCorpus } from './workspace.ts';

function passageHashes(config: Config): Set<string> {
  const index = loadIndexFiles(config.indexDir);
  if (!index) throw new Error('no index after build');
  return new Set(index.chunks.map((c) => c.hash));
}

export async function runIncremental(inputs: BenchInputs): Promise<ScenarioOutcome> {
  const ws = createWorkspace();
  try {
    prepareDefaultCorpus(ws, inputs);
    const first = await buildIndex(ws.config, { full: true });
    const before = passageHashes(ws.config);
    const changedFile = editOneDocument(ws.corpusDir);

    const started = performance.now();
    const summary = await buildIndex(ws.config);
    const buildSec = (performance.now() - started) / 1000;
    const after = passageHashes(ws.config);
    // The passages whose embedded text is new: exactly these should have been embedded.
    const changed = [...after].filter((h) => !before.has(h)).length;
    const met = changed > 0 && summary.embedded === changed;
    return {
      scenario: 'incremental',
      metrics: [
        { name: 'rebuild', value: buildSec, unit: 's' },
        { name: 'passages re-embedded', value: summary.embedded, unit: '', digits: 0 },
        // 1 when exactly the changed passages (at least one) were embedded again, else 0.
        { name: 'only changed re-embedded', value: met ? 1 : 0, unit: '', digits: 0 },
        { name: 'peak RSS', value: peakRssMb(), unit: 'MB', digits: 0 },
      ],
      targets: [{ metric: 'only changed re-embedded', op: '>=', value: 1 }],
      details: { docs: summary.docs, chunks: summary.chunks, changedFile, embedded: summary.embedded, changedPassages: changed, reused: summary.reused, fullBuildSec: round(first.ms / 1000, 2) },
    };
  } finally {
    ws.dispose();
  }
}
