/**
 * Authentication (docs/datarobot-api.md §1.2, §9.2): `Authorization: Bearer <token>` and the legacy `Token <token>` are
 * both accepted. Two users of the same organization exist: the owner and "other", which is enough to test permission
 * redaction and 403s.
 */
import type { IncomingMessage } from "node:http";
import { SEED } from "./seed";
import type { UserKey } from "./store";

export interface ApiUser {
  username: string;
  userId: string;
  fullName: string | null;
}

export const USERS: Record<UserKey, ApiUser> = {
  owner: { username: "owner@example.com", userId: SEED.ownerUserId, fullName: "Emulator Owner" },
  other: { username: "other@example.com", userId: SEED.otherUserId, fullName: null },
};

export type AuthResult = { user: UserKey } | { error: string };

/** Resolves the caller from the Authorization header. Messages never echo the presented token. */
export function authenticate(req: IncomingMessage, tokens: Record<UserKey, string>): AuthResult {
  const header = req.headers.authorization;
  if (!header) return { error: "Authentication credentials were not provided: send 'Authorization: Bearer <token>'." };
  const match = /^(Bearer|Token)\s+(\S+)\s*$/i.exec(header);
  if (!match) return { error: "Invalid Authorization header: expected 'Bearer <token>' or 'Token <token>'." };
  const token = match[2];
  if (token === tokens.owner) return { user: "owner" };
  if (token === tokens.other) return { user: "other" };
  return { error: "Invalid API token." };
}

/** Best-effort user for the request log (null when unauthenticated), without failing. */
export function userForLog(req: IncomingMessage, tokens: Record<UserKey, string>): UserKey | null {
  const result = authenticate(req, tokens);
  return "user" in result ? result.user : null;
}
