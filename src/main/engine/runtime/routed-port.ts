/**
 * A port whose reads run on this thread and whose writes run elsewhere. The reads object holds only read methods
 * (the adapters build reads and writes separately, typed by the port's Reads and Writes interfaces), so any other
 * member is a write: which side a method runs on follows from the port's types, not from a list of names.
 */
export function routedPort<R extends object, W extends object>(reads: R, writes: W): R & W {
  return new Proxy(reads, {
    get: (target, name, receiver) => (name in target ? Reflect.get(target, name, receiver) : Reflect.get(writes, name)),
  }) as R & W;
}

/** A port every method of which is `call(method, args)`: the writer thread's side of `routedPort`. */
export function remotePort<W extends object>(call: (method: string, args: unknown[]) => Promise<unknown>): W {
  return new Proxy({} as W, {
    // `then` stays undefined so that the port is never mistaken for a promise when returned from an async function.
    get: (_target, name) => (typeof name === 'string' && name !== 'then' ? (...args: unknown[]) => call(name, args) : undefined),
  });
}
