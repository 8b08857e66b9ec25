/**
 * The API paths the client calls, relative to the API base (docs/datarobot-api.md §2): one place for them, shared by
 * the operations, the page walk and the create recovery. The client always sends the trailing slash (§1.6) and follows
 * no redirect (a redirect would drop a PATCH body).
 */

export const DEFINITIONS = "/batchPredictionJobDefinitions/";
export const JOBS = "/batchPredictions/";

/** `<collection><id>/`, the id URL-encoded; an empty id is a programming error, refused before any request. */
export function pathOf(collection: string, id: string): string {
  if (typeof id !== "string" || id.trim() === "")
    throw new TypeError(`DataRobot client: an id is required for ${collection}`);
  return `${collection}${encodeURIComponent(id)}/`;
}
