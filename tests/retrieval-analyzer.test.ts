/**
 * The analyzer: jieba words with the staff's user dictionary, character
 * bigrams, stopwords dropped, and colloquial→official synonym expansion, all
 * read from the corpus folder's two plain files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSynonyms, loadUserDict } from '../src/corpus/index.ts';
import { Analyzer } from '../src/retrieval/analyzer.ts';
import { createAnalyzer } from '../src/retrieval/index-store.ts';
import { emptyWorkspace, removeTempDirs, writeFile } from './fixtures/engine-workspace.ts';

afterAll(removeTempDirs);

let corpusDir: string;
let analyzer: Analyzer;
let plain: Analyzer;

beforeAll(() => {
  corpusDir = emptyWorkspace().corpusDir;
  writeFile(corpusDir, 'userdict.txt', '# 栏目名称\n政开冠靓 2000 nz\n冠小梨\n');
  writeFile(corpusDir, 'synonyms.txt', '# 通用\n驾照 => 驾驶证\n花钱,要钱 => 信息处理费\n多长时间，多久 => 期限\n');
  analyzer = createAnalyzer(corpusDir);
  plain = new Analyzer('', new Map());
});

describe('lexicon files', () => {
  it('reads the user dictionary, dropping comments and filling in frequency and tag', () => {
    expect(loadUserDict(corpusDir).split('\n')).toEqual(['政开冠靓 2000 nz', '冠小梨 2000 n']);
  });

  it('reads synonyms with several colloquial terms a line (ASCII or full-width commas)', () => {
    const map = loadSynonyms(corpusDir);
    expect(map.get('驾照')).toEqual(['驾驶证']);
    expect(map.get('花钱')).toEqual(['信息处理费']);
    expect(map.get('要钱')).toEqual(['信息处理费']);
    expect(map.get('多久')).toEqual(['期限']);
    expect(map.has('# 通用')).toBe(false);
  });

  it('reuses the analyzer while the two files are unchanged, and builds a new one when staff edit them', () => {
    const dir = emptyWorkspace().corpusDir;
    writeFile(dir, 'synonyms.txt', '驾照 => 驾驶证\n');
    const first = createAnalyzer(dir);
    expect(createAnalyzer(dir)).toBe(first);
    writeFile(dir, 'synonyms.txt', '驾照 => 驾驶证\n低保 => 最低生活保障\n');
    const edited = createAnalyzer(dir);
    expect(edited).not.toBe(first);
    expect(edited.analyzeQuery('低保怎么申请').groups.find((g) => g.word === '低保')?.alts).toEqual(['低保', '最低生活保障']);
  });

  it('a corpus folder without the files gives an empty dictionary and no synonyms', () => {
    const empty = emptyWorkspace().corpusDir;
    expect(loadUserDict(empty)).toBe('');
    expect(loadSynonyms(empty).size).toBe(0);
  });
});

describe('analyzer', () => {
  it('keeps user dictionary terms whole (政开冠靓), which plain jieba splits', () => {
    expect(plain.words('政开冠靓栏目在哪里看')).not.toContain('政开冠靓');
    expect(analyzer.words('政开冠靓栏目在哪里看')).toContain('政开冠靓');
  });

  it('expands a colloquial term with its official synonym (驾照 → 驾驶证)', () => {
    const q = analyzer.analyzeQuery('请问驾照怎么办理？');
    const group = q.groups.find((g) => g.word === '驾照');
    expect(group?.alts).toEqual(['驾照', '驾驶证']);
    expect(q.terms).toContain('驾驶证');
    // The synonym's character bigrams are searched too, so passages that split the word still match.
    expect(q.terms).toContain('§驾驶');
  });

  it('takes the official term whole when the question already uses it (人大代表建议 ⊃ 代表建议), leaving no stray 人大', () => {
    const dir = emptyWorkspace().corpusDir;
    writeFile(dir, 'synonyms.txt', '代表建议 => 人大代表建议\n');
    const words = createAnalyzer(dir).analyzeQuery('人大代表建议在哪里公开？').groups.map((g) => g.word);
    expect(words).toContain('人大代表建议');
    expect(words).not.toContain('人大');
    expect(words).not.toContain('代表建议');
    // The colloquial word alone still expands to the official one.
    const expanded = createAnalyzer(dir).analyzeQuery('代表建议在哪里公开？').groups.find((g) => g.word === '代表建议');
    expect(expanded?.alts).toEqual(['代表建议', '人大代表建议']);
  });

  it('matches the longest synonym phrase first and does not analyse it again', () => {
    const q = analyzer.analyzeQuery('申请要多长时间？');
    expect(q.groups.filter((g) => g.word === '多长时间')).toHaveLength(1);
    expect(q.groups.some((g) => g.word === '时间' || g.word === '长时间')).toBe(false);
    expect(q.terms).toContain('期限');
  });

  it('drops stopwords, question words and punctuation', () => {
    const words = analyzer.words('请问，我想知道怎么申请政府信息公开呢？');
    for (const stop of ['请问', '我', '想', '知道', '怎么', '呢', '，', '？']) expect(words).not.toContain(stop);
    expect(words).toContain('申请');
    const groups = analyzer.analyzeQuery('请问怎么申请？').groups.map((g) => g.word);
    expect(groups).toEqual(['申请']);
  });

  it('normalises full-width letters and digits and lower-cases', () => {
    expect(analyzer.words('ＡＢＣ２０２４')).toEqual(analyzer.words('abc2024'));
  });

  it('indexes words plus §-prefixed character bigrams', () => {
    const terms = analyzer.indexTerms('政开冠靓');
    expect(terms).toContain('政开冠靓');
    expect(terms).toEqual(expect.arrayContaining(['§政开', '§开冠', '§冠靓']));
  });

  it('gives verbs less salience than nouns', () => {
    const groups = analyzer.analyzeQuery('怎样申请驾驶证').groups;
    const noun = groups.find((g) => g.word === '驾驶证');
    const verb = groups.find((g) => g.word === '申请');
    expect(noun?.salience).toBe(1);
    expect(verb?.salience).toBeLessThan(1);
  });

  it('marks place names with an administrative unit (莘县, 聊城市), not other words jieba tags as places (中考)', () => {
    const places = (q: string) => plain.analyzeQuery(q).groups.filter((g) => g.place).map((g) => g.word);
    expect(places('莘县2024年政府网站发布了多少条信息？')).toEqual(['莘县']);
    expect(places('聊城市一共收到多少件申请？')).toEqual(['聊城市']);
    expect(places('中考信息专题有多少人看过？')).toEqual([]);
  });

  it('takes the kind of answer from the last sentence when a story comes first', () => {
    const q = '我去年寄了申请，也不知道期限多久。邮寄的申请，哪一天算政府收到了？';
    const query = plain.analyzeQuery(q);
    expect(query.answerType).toBe('date');
    expect(query.groups.find((g) => g.word === '哪一天')?.asks).toBe(true);
  });

  it('drops demonstratives and dialect pronouns (这份, 俺)', () => {
    const words = plain.analyzeQuery('俺想看这份年度报告').groups.map((g) => g.word);
    expect(words).not.toContain('俺');
    expect(words).not.toContain('这份');
  });
});
