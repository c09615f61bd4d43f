/** Kept so `import { createApp } from './app.ts'` keeps working: the application lives in src/app/. */
export { createApp, type App, type CreateAppOptions } from './app/index.ts';
