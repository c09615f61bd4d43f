/**
 * Bank files for a document the county adds itself (`optional: true`, the regulation's full text, which the repository
 * does not hold): silent and training nothing while the document is not in the corpus, resolved like any other file
 * once it is. A file without the flag still reports a document it cannot find (a typo in `doc:`).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadQuestionBank } from '../src/corpus/index.ts';
import { resolveBank } from '../src/retrieval/bank-index.ts';
import type { Chunk } from '../src/retrieval/chunker.ts';
import type { DocInfo } from '../src/retrieval/doc-info.ts';
import { emptyWorkspace, removeTempDirs, writeFile } from './fixtures/engine-workspace.ts';

afterAll(removeTempDirs);

const REGULATION = 'gov-info-disclosure-regulation-2019';
const bankFile = (optional: boolean) =>
  `${optional ? 'optional: true\n' : ''}doc: ${REGULATION}\nentries:\n  - section: 第一章 总则\n    key: 第五条 行政机关公开政府信息\n    questions:\n      - 政府公开信息得守啥规矩\n      - 信息公开的原则是啥\n`;

const article: Chunk = { id: `${REGULATION}#5`, docId: REGULATION, ordinal: 5, section: '第一章 总则', text: '第五条 行政机关公开政府信息，应当坚持以公开为常态、不公开为例外。', hash: 'h' };
const regulationDoc = { id: REGULATION, title: '中华人民共和国政府信息公开条例', type: '法规' } as DocInfo;

function bankOf(optional: boolean) {
  const ws = emptyWorkspace();
  writeFile(ws.corpusDir, `questions/${REGULATION}.yaml`, bankFile(optional));
  const bank = loadQuestionBank(ws.corpusDir);
  expect(bank.problems).toEqual([]);
  return bank;
}

describe('a bank file for a document the county adds itself', () => {
  it('is silent and trains nothing while the document is not in the corpus', () => {
    const { questions, problems } = resolveBank(bankOf(true).entries, [], [], new Map());
    expect(problems).toEqual([]);
    expect(questions).toEqual([]);
  });

  it('is resolved like any other once the document is added', () => {
    const { questions, problems } = resolveBank(bankOf(true).entries, [], [article], new Map([[REGULATION, regulationDoc]]));
    expect(problems).toEqual([]);
    expect(questions.map((q) => [q.text, q.chunk])).toEqual([
      ['政府公开信息得守啥规矩', 0],
      ['信息公开的原则是啥', 0],
    ]);
  });

  it('without the flag, a document that is not there is reported with file and line', () => {
    const { problems } = resolveBank(bankOf(false).entries, [], [], new Map());
    expect(problems).toEqual([{ file: `questions/${REGULATION}.yaml`, line: 3, message: expect.stringContaining(REGULATION) }]);
  });
});
