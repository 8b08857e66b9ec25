/**
 * The create that is safe to retry: POST /batchPredictionJobDefinitions/ recovering from an ambiguous failure (the
 * server may have stored the definition although the answer was lost) by looking the definition up by its exact name
 * before posting again, so that a retry never creates a duplicate.
 *
 * It exists apart from the operations because the recovery is a small protocol of its own: when to look (after an
 * ambiguous failure, and once more when a retry finds the name taken), which definition found by name is ours (same
 * deployment, created since the operation started) and which is a stranger's, when not to retry at all (no name to
 * look it up by), and what the error says when the outcome stays unknown.
 */
import { DataRobotApiError, DeadlineExceededError, rebuildError } from "./errors";
import { DEFINITIONS } from "./api-paths";
import { isAmbiguousFailure, outcomeUnknownError } from "./ambiguous-writes";
import type { HttpCore, HttpRequest } from "./http";
import { findDefinitionByName } from "./pagination";
import { asDefinition } from "./response-shapes";
import { runWithRetries } from "./retry";
import type { ApiJobDefinition } from "./types";

/**
 * A definition found by name after an ambiguous create is only taken as ours if it was created at most this long
 * before the operation started (generous, to tolerate clock skew between us and the server).
 */
const CREATED_SKEW_TOLERANCE_MS = 15 * 60 * 1000;

/** POST the flat create body; on an ambiguous failure, find our definition by name before posting again. */
export async function createWithRecovery(core: HttpCore, body: Record<string, unknown>): Promise<ApiJobDefinition> {
  const request: HttpRequest = { method: "POST", path: DEFINITIONS, body };
  const name = typeof body.name === "string" && body.name !== "" ? body.name : undefined;
  const env = core.retryEnv;
  const startedAt = env.now();
  const deadlineAt = startedAt + env.policy.deadlineMs;
  let sawAmbiguousFailure = false;
  const findOurs = async (): Promise<ApiJobDefinition | undefined> => {
    const found = await findDefinitionByName(core, name as string, deadlineAt);
    return found && looksLikeOurCreate(found, body, startedAt) ? found : undefined;
  };
  try {
    return await runWithRetries(env, {
      method: request.method,
      path: request.path,
      deadlineAt,
      attempt: async (attemptNumber, context) => {
        try {
          return asDefinition(await core.send(request, attemptNumber, context), request);
        } catch (error) {
          // "Name taken" on a retry after an ambiguous failure: most likely our earlier attempt was stored after
          // the lookup ran. Look once more before reporting a conflict.
          const nameTaken = error instanceof DataRobotApiError && (error.status === 409 || error.status === 422);
          if (nameTaken && sawAmbiguousFailure && name) {
            const ours = await findOurs();
            if (ours) return ours;
          }
          throw error;
        }
      },
      decide: (error) => {
        if (isUnreadableSuccess(error)) {
          if (!name) return "fail";
          sawAmbiguousFailure = true;
          return "retry"; // after the lookup by name (beforeRetry), like a dropped connection
        }
        if (!error.retryable) return "fail";
        if (!isAmbiguousFailure(error)) return "retry"; // 429 or a connection that never opened: nothing stored
        if (!name) return "fail"; // nothing to look it up by: a retry could create a duplicate
        sawAmbiguousFailure = true;
        return "retry";
      },
      beforeRetry: async (error) => {
        if (!isAmbiguousFailure(error) && !isUnreadableSuccess(error)) return undefined;
        env.log(`lookup POST ${DEFINITIONS} by exact name before retrying (ambiguous failure)`);
        const ours = await findOurs();
        return ours ? { resolved: ours } : undefined;
      },
    });
  } catch (error) {
    const hint = name
      ? `The definition "${name}" may have been created; look it up by name before creating it again`
      : "The definition may have been created (it has no name to look it up by); check before creating it again";
    const last = error instanceof DeadlineExceededError ? error.lastError : error;
    if (last instanceof DataRobotApiError && isUnreadableSuccess(last)) {
      throw rebuildError(error as DataRobotApiError, { outcomeUnknown: true, hint });
    }
    throw outcomeUnknownError(error, hint);
  }
}

/**
 * A create answered 2xx whose body is not a definition (empty, cut off, not JSON): the server says it stored the
 * definition, but its id was lost on the way. As ambiguous as a dropped connection, and recovered the same way.
 */
function isUnreadableSuccess(error: DataRobotApiError): boolean {
  return error.status >= 200 && error.status < 300;
}

/** Whether a definition found by name after an ambiguous create is the one we posted (not a stranger's). */
function looksLikeOurCreate(found: ApiJobDefinition, body: Record<string, unknown>, startedAt: number): boolean {
  const sentDeployment = body.deploymentId;
  const foundDeployment = found.batchPredictionJob?.deploymentId;
  if (typeof sentDeployment === "string" && typeof foundDeployment === "string" && sentDeployment !== foundDeployment) {
    return false;
  }
  const created = typeof found.created === "string" ? Date.parse(found.created) : NaN;
  if (!Number.isNaN(created) && created < startedAt - CREATED_SKEW_TOLERANCE_MS) return false;
  return true;
}
