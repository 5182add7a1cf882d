/**
 * Everything the run created, undone in reverse order however the run ends: children first
 * (they hold the databases and broker objects), then queues, exchanges, databases and files.
 */
type Undo = () => void | Promise<void>;

const undos: Array<{ what: string; undo: Undo }> = [];

/** Registers an undo; returns a function that runs it now and forgets it. */
export function onCleanup(what: string, undo: Undo): () => Promise<void> {
  const entry = { what, undo };
  undos.push(entry);
  return async () => {
    const index = undos.indexOf(entry);
    if (index === -1) return;
    undos.splice(index, 1);
    await entry.undo();
  };
}

/** Runs every pending undo, last first; a failing one is reported and the rest still run. */
export async function cleanUpAll(): Promise<void> {
  while (undos.length > 0) {
    const { what, undo } = undos.pop()!;
    try {
      await undo();
    } catch (error) {
      console.error(`bench: cleanup of ${what} failed: ${(error as Error).message}`);
    }
  }
}
