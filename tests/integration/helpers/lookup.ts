import type { LookupFunction } from "node:net";

/**
 * A `lookup` for the client that resolves one host name to 127.0.0.1 and fails any other with ENOTFOUND (nothing else
 * may be contacted), so a test can reach the emulator at a name that is not loopback. `resolved` records every name
 * asked for, in order, the failed ones too.
 */
export function loopbackLookup(host: string): { lookup: LookupFunction; resolved: string[] } {
  const resolved: string[] = [];
  const lookup = ((hostname: string, options: unknown, callback: unknown) => {
    const done = (typeof options === "function" ? options : callback) as (
      error: Error | null,
      address: string | { address: string; family: number }[],
      family?: number,
    ) => void;
    resolved.push(hostname);
    const all = typeof options === "object" && options !== null && (options as { all?: boolean }).all;
    if (hostname !== host)
      return done(Object.assign(new Error(`unexpected host ${hostname}`), { code: "ENOTFOUND" }), "", 4);
    if (all) done(null, [{ address: "127.0.0.1", family: 4 }]);
    else done(null, "127.0.0.1", 4);
  }) as LookupFunction;
  return { lookup, resolved };
}
