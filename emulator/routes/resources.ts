/**
 * Read-only DataRobot routes for the seeded fixtures (deployments, datasets, credentials, external data stores),
 * so users can discover valid ids the same way they would on DataRobot, and `GET /version/` (docs/datarobot-api.md
 * §1.5).
 */
import type { ApiContext } from "./definitions";
import { HttpError, type Request, type Response, type Router } from "../http/router";
import { listEnvelope, parsePaging } from "./render";
import type { Fixtures } from "../state/store";
import { USERS } from "../state/auth";

type Kind = keyof Fixtures;

/** Each fixture in a shape close to DataRobot's own (datasets and credentials use their own id key names). */
const RENDER: Record<Kind, (item: never, ctx: ApiContext) => Record<string, unknown>> = {
  deployments: (d: Fixtures["deployments"][number]) => ({ id: d.id, label: d.label, status: "active" }),
  datasets: (d: Fixtures["datasets"][number]) => ({ id: d.id, datasetId: d.id, name: d.name }),
  credentials: (c: Fixtures["credentials"][number]) => ({
    id: c.id,
    credentialId: c.id,
    name: c.name,
    credentialType: c.credentialType,
  }),
  dataStores: (s: Fixtures["dataStores"][number]) => ({
    id: s.id,
    canonicalName: s.canonicalName,
    type: s.type,
    creator: USERS.owner.userId,
  }),
};

function fixtureRoutes(router: Router<ApiContext>, path: string, kind: Kind, noun: string): void {
  router.on("GET", path, (req: Request, api: ApiContext): Response => {
    const paging = parsePaging(req.query, api.ctx.config.maxLimit);
    if ("errors" in paging) throw new HttpError(422, "Invalid query parameters", paging.errors);
    const items = (api.ctx.state.fixtures[kind] as never[]).map((item) => RENDER[kind](item, api));
    return { status: 200, body: listEnvelope(items, paging, `${api.apiBase}${path}/`, {}) };
  });
  router.on("GET", `${path}/:id`, (req: Request, api: ApiContext): Response => {
    const item = (api.ctx.state.fixtures[kind] as Array<{ id: string }>).find((f) => f.id === req.params.id);
    if (!item) throw new HttpError(404, `${noun} ${req.params.id} was not found`);
    return { status: 200, body: RENDER[kind](item as never, api) };
  });
}

export function resourceRoutes(router: Router<ApiContext>): void {
  router.on("GET", "/version", () => ({
    status: 200,
    body: { major: 2, minor: 36, versionString: "2.36.0", releasedVersion: "emulator" },
  }));
  fixtureRoutes(router, "/deployments", "deployments", "Deployment");
  fixtureRoutes(router, "/datasets", "datasets", "Dataset");
  fixtureRoutes(router, "/credentials", "credentials", "Credential");
  fixtureRoutes(router, "/externalDataStores", "dataStores", "Data store");
}
