/**
 * The application's public face: `createApp` (the composition root) and the
 * `App` it returns, for the commands and tests that need the whole of it.
 * Channels take only the ports they use (ports.ts), never the App.
 */
export { createApp, type App, type CreateAppOptions } from './compose.ts';
export { createAskService, type AskFunction, type AskServiceParts } from './ask-service.ts';
export { createIndexService, type IndexService, type IndexServiceParts } from './index-service.ts';
export { hitTest, type HitTestResult } from './hit-test.ts';
export type { CitizenAsk, CitizenDesk, ChatStaffDesk, StaffDesk, Reindexer, HitTester, IndexVersion } from './ports.ts';
