/**
 * @module sessionQueue: tasks of one key run one after another, in the order they were queued;
 * tasks of different keys run freely. Only keys with a task in flight are held, so memory follows
 * concurrency, not history. Tasks are async functions (they report failure by rejecting).
 */
export type SessionQueue = <T>(key: string, task: () => Promise<T>) => Promise<T>;

export function sessionQueue(): SessionQueue {
  const tails = new Map<string, Promise<void>>();
  return (key, task) => {
    const before = tails.get(key);
    const run = before === undefined ? task() : before.then(task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
