// Lets `node --import ./test/support/ts-loader.mjs apps/gateway/src/main.ts` run the TypeScript sources in a
// child process (multi-process tests) without building dist/: SWC compiles each file with decorator metadata,
// and the @firebreak/* aliases and `.js` suffixes of relative imports resolve to the .ts files.
import { register } from 'node:module';

register('./ts-loader-hooks.mjs', import.meta.url);
