// Entry of the writer thread when the engine runs from TypeScript sources: a worker thread does not
// inherit the parent's module loader, so tsx is registered here before the real entry is imported.
import { register } from 'tsx/esm/api';

register();
await import('./writer-thread.ts');
