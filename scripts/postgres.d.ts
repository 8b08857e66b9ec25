/** A throwaway PostgreSQL server for the state-backend tests (see postgres.js). */
export interface RunningPostgres {
  /** The Pulumi backend URL: postgres://user:password@127.0.0.1:port/database?sslmode=disable */
  url: string;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  binDir: string;
  dataDir: string;
  /** Runs one SQL statement in the state database; psql's unaligned, tuples-only output. */
  psql(sql: string): string;
  isRunning(): boolean;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}
export function ensurePostgres(options?: { log?: (line: string) => void }): string;
export function startPostgres(options?: {
  user?: string;
  database?: string;
  log?: (line: string) => void;
}): Promise<RunningPostgres>;
export function findBinDir(): string | undefined;
