/** Where exports an action writes go: `<dataDir>/exports/` on the engine's host. */
export interface ExportFiles {
  /** The directory, for messages. */
  readonly dir: string;
  /**
   * Writes `chunks` as they come to a new private file `name` (never over an existing one) and returns its path and
   * size. A write that fails part way leaves no file behind.
   */
  write(name: string, chunks: AsyncIterable<string>): Promise<{ path: string; bytes: number }>;
}
