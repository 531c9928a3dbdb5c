import { buildEngine } from '../scripts/build-engine.mjs';

/** Tests that spawn `bin/decisionos.js` run the compiled engine: compile it from the sources under test first. */
export default async function setup(): Promise<void> {
  await buildEngine();
}
