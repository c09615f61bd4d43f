import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, wantsStackTraces } from '../src/config.ts';

describe('config', () => {
  it('has working defaults for a fresh checkout', () => {
    const c = loadConfig({}, '/srv/guanbot');
    expect(c.dataDir).toBe('/srv/guanbot/data');
    expect(c.corpusDir).toBe('/srv/guanbot/corpus');
    expect(c.dbPath).toBe(path.join('/srv/guanbot/data', 'guanbot.sqlite'));
    expect(c.http).toMatchObject({ host: '127.0.0.1', port: 8080, trustProxy: false, corsOrigins: [] });
    expect(c.embed.kind).toBe('builtin');
    expect(c.telegram.token).toBeUndefined();
    expect(c.keepPersonalData).toBe(true);
  });

  it('picks the embedder from what is configured', () => {
    expect(loadConfig({ GUANBOT_EMBED_MODEL: 'models/bge' }, '/x').embed).toMatchObject({ kind: 'transformers', modelPath: '/x/models/bge' });
    expect(loadConfig({ GUANBOT_EMBED_BASE_URL: 'http://127.0.0.1:11434/v1' }, '/x').embed.kind).toBe('openai');
  });

  it('reads trust-proxy as off, on, a hop count or addresses', () => {
    expect(loadConfig({ GUANBOT_TRUST_PROXY: 'false' }).http.trustProxy).toBe(false);
    expect(loadConfig({ GUANBOT_TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ GUANBOT_TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(loadConfig({ GUANBOT_TRUST_PROXY: '10.0.0.1, 10.0.0.2' }).http.trustProxy).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('lists, trims and drops empty entries of comma lists', () => {
    expect(loadConfig({ GUANBOT_STAFF_TELEGRAM_IDS: ' 1, 2,,3 ' }).telegram.staffIds).toEqual(['1', '2', '3']);
  });

  it('rejects bad values with a Chinese message naming the variable', () => {
    expect(() => loadConfig({ GUANBOT_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ GUANBOT_PORT: '70000' })).toThrow(/GUANBOT_PORT/);
    expect(() => loadConfig({ GUANBOT_EMBEDDER: 'magic' })).toThrow(/配置有误/);
    expect(() => loadConfig({ GUANBOT_KEEP_PERSONAL_DATA: 'maybe' })).toThrow(/GUANBOT_KEEP_PERSONAL_DATA/);
  });
  it('reads the WeChat account: off by default, on with a token, the AES key checked and the account required', () => {
    expect(loadConfig({}).wechat).toMatchObject({ token: undefined, aesKey: undefined, apiRoot: 'https://api.weixin.qq.com' });
    const key = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    const on = loadConfig({
      GUANBOT_WECHAT_TOKEN: ' guanxian ',
      GUANBOT_WECHAT_APPID: 'wx0123456789abcdef',
      GUANBOT_WECHAT_SECRET: 's3cret',
      GUANBOT_WECHAT_AES_KEY: key,
      GUANBOT_WECHAT_API_ROOT: 'http://127.0.0.1:9000/',
    }).wechat;
    expect(on).toEqual({ token: 'guanxian', appId: 'wx0123456789abcdef', secret: 's3cret', aesKey: key, apiRoot: 'http://127.0.0.1:9000', webUrl: undefined });
    const account = { GUANBOT_WECHAT_TOKEN: 'tok', GUANBOT_WECHAT_APPID: 'wx1', GUANBOT_WECHAT_SECRET: 's' };
    expect(() => loadConfig({ ...account, GUANBOT_WECHAT_AES_KEY: key.slice(1) })).toThrow(/GUANBOT_WECHAT_AES_KEY: EncodingAESKey 应为 43 位/);
    expect(() => loadConfig({ ...account, GUANBOT_WECHAT_AES_KEY: `${key.slice(1)}=` })).toThrow(/GUANBOT_WECHAT_AES_KEY/);
    expect(() => loadConfig({ GUANBOT_WECHAT_TOKEN: 'tok', GUANBOT_WECHAT_APPID: 'wx1' })).toThrow(/GUANBOT_WECHAT_SECRET: 已设置 GUANBOT_WECHAT_TOKEN/);
    expect(() => loadConfig({ ...account, GUANBOT_WECHAT_TOKEN: 'guan xian' })).toThrow(/GUANBOT_WECHAT_TOKEN: Token 应为 3–32 位/);
    expect(loadConfig({ GUANBOT_WECHAT_AES_KEY: '' }).wechat.aesKey).toBeUndefined();
  });
});

describe('who runs a command, and how loudly', () => {
  it('takes the operator from USER (or Windows USERNAME), else `local`', () => {
    expect(loadConfig({ USER: 'lina' }).operator).toBe('lina');
    expect(loadConfig({ USERNAME: 'wangfang' }).operator).toBe('wangfang');
    expect(loadConfig({ USER: ' ' }).operator).toBe('local');
  });

  it('logs one-shot commands at warn unless GUANBOT_LOG_LEVEL is set, and shows stacks only at debug or trace', () => {
    expect(loadConfig({})).toMatchObject({ logLevel: 'info', cliLogLevel: 'warn' });
    expect(loadConfig({ GUANBOT_LOG_LEVEL: 'info' })).toMatchObject({ logLevel: 'info', cliLogLevel: 'info' });
    expect(wantsStackTraces({ GUANBOT_LOG_LEVEL: 'debug' })).toBe(true);
    expect(wantsStackTraces({ GUANBOT_LOG_LEVEL: 'bogus-and-invalid' })).toBe(false);
    expect(wantsStackTraces({})).toBe(false);
  });
});
