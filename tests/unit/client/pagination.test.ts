/**
 * Lists (provider/client/pagination.ts): the page walk by `next` links, its failure modes (an envelope without data,
 * a `next` that is not a URL, a `next` that repeats), and the list operations built on it.
 */
import { DataRobotApiError } from "../../../provider/client";
import { caught, definition, envelope, job, testClient, TOKEN, useScriptServer } from "../helpers";

const server = useScriptServer();
beforeEach(() => {
  server.onRequest(() => ({ status: 599, body: { message: "unscripted request" } }));
});

describe("list and pagination", () => {
  it("follows next through every page, keeping only its query string (a server naming another host still works)", async () => {
    server.reply(
      {
        status: 200,
        body: envelope(
          [definition("d1", "a"), definition("d2", "b")],
          "https://internal-host.example:9999/api/v2/batchPredictionJobDefinitions/?offset=2&limit=2&searchName=x",
        ),
      },
      {
        status: 200,
        body: envelope(
          [definition("d3", "c")],
          "http://other/api/v2/batchPredictionJobDefinitions/?offset=3&limit=2&searchName=x",
        ),
      },
      { status: 200, body: envelope([]) },
    );
    const { client } = testClient(server);
    const all = await client.listJobDefinitions({ searchName: "x", deploymentId: "dep1" });
    expect(all.map((d) => d.id)).toEqual(["d1", "d2", "d3"]);
    expect(server.requests.map((r) => [r.path, r.query])).toEqual([
      ["/batchPredictionJobDefinitions/", { offset: "0", limit: "100", searchName: "x", deploymentId: "dep1" }],
      ["/batchPredictionJobDefinitions/", { offset: "2", limit: "2", searchName: "x" }],
      ["/batchPredictionJobDefinitions/", { offset: "3", limit: "2", searchName: "x" }],
    ]);
  });

  it("retries a page that fails transiently without restarting the list", async () => {
    server.reply(
      {
        status: 200,
        body: envelope([definition("d1", "a")], "/api/v2/batchPredictionJobDefinitions/?offset=1&limit=1"),
      },
      { status: 503 },
      { status: 200, body: envelope([definition("d2", "b")]) },
    );
    const { client } = testClient(server);
    expect((await client.listJobDefinitions()).map((d) => d.id)).toEqual(["d1", "d2"]);
    expect(server.requests.map((r) => r.query.offset)).toEqual(["0", "1", "1"]);
  });

  it("stops on a next link that repeats instead of looping forever", async () => {
    const loop = "https://h/api/v2/batchPredictionJobDefinitions/?offset=1&limit=1";
    server.onRequest(() => ({ status: 200, body: envelope([definition("d1", "a")], loop) }));
    const { client } = testClient(server);
    const error = await caught(client.listJobDefinitions());
    expect(error.message).toBe(
      "DataRobot API: GET /batchPredictionJobDefinitions/ failed with 200 (unexpected response body: expected a next link that advances (it repeats))",
    );
    expect(server.requests.map((r) => r.query.offset)).toEqual(["0", "1"]); // the second page repeated its own link
  });

  it("rejects an envelope without a data array", async () => {
    server.reply({ status: 200, body: [definition("d1", "a")] });
    const { client } = testClient(server);
    expect((await caught(client.listJobDefinitions())).message).toContain("expected a list envelope with a data array");
  });

  it("findJobDefinitionByName: searchName, then an exact match among the substring matches", async () => {
    server.reply({
      status: 200,
      body: envelope([definition("d1", "nightly-2"), definition("d2", "Nightly"), definition("d3", "nightly")]),
    });
    const { client } = testClient(server);
    expect((await client.findJobDefinitionByName("nightly"))?.id).toBe("d3");
    expect(server.requests[0].query).toEqual({ offset: "0", limit: "100", searchName: "nightly" });

    server.reply({ status: 200, body: envelope([definition("d1", "nightly-2")]) });
    expect(await client.findJobDefinitionByName("nightly")).toBeUndefined();
  });

  it("listJobs: filters by definition (server-side, and client-side for servers that ignore it), all pages", async () => {
    server.reply(
      {
        status: 200,
        body: envelope(
          [job("j1", "COMPLETED")],
          "https://h/api/v2/batchPredictions/?offset=1&limit=1&batchPredictionJobDefinitionId=d1",
        ),
      },
      { status: 200, body: envelope([job("j2", "RUNNING", "other"), job("j3", "RUNNING")]) },
    );
    const { client } = testClient(server);
    const jobs = await client.listJobs({ jobDefinitionId: "d1" });
    expect(jobs.map((j) => j.id)).toEqual(["j1", "j3"]);
    expect(server.requests.map((r) => [r.path, r.query])).toEqual([
      ["/batchPredictions/", { offset: "0", limit: "100", batchPredictionJobDefinitionId: "d1" }],
      ["/batchPredictions/", { offset: "1", limit: "1", batchPredictionJobDefinitionId: "d1" }],
    ]);
  });
});

describe("page walk edge cases", () => {
  const DEFS = "/api/v2/batchPredictionJobDefinitions/";

  it("an empty first page with no next is an empty list, after one request", async () => {
    server.reply({ status: 200, body: envelope([]) });
    const { client } = testClient(server);
    expect(await client.listJobDefinitions()).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ["absent", (page: Record<string, unknown>) => delete page.next],
    ["null", (page: Record<string, unknown>) => (page.next = null)],
    ["an empty string", (page: Record<string, unknown>) => (page.next = "")],
    ["not a string", (page: Record<string, unknown>) => (page.next = 2)],
  ])("a next link that is %s ends the list", async (_label, edit) => {
    const page: Record<string, unknown> = envelope([definition("d1", "a")], `${DEFS}?offset=1&limit=1`);
    edit(page);
    server.reply({ status: 200, body: page });
    const { client } = testClient(server);
    expect((await client.listJobDefinitions()).map((d) => d.id)).toEqual(["d1"]);
    expect(server.requests).toHaveLength(1);
  });

  it("an empty page in the middle does not end the list while it has a next", async () => {
    server.reply(
      { status: 200, body: envelope([definition("d1", "a")], `${DEFS}?offset=1&limit=1`) },
      { status: 200, body: envelope([], `${DEFS}?offset=2&limit=1`) },
      { status: 200, body: envelope([definition("d3", "c")]) },
    );
    const { client } = testClient(server);
    expect((await client.listJobDefinitions()).map((d) => d.id)).toEqual(["d1", "d3"]);
    expect(server.requests.map((r) => r.query.offset)).toEqual(["0", "1", "2"]);
  });

  it("a next link back to an earlier page (a cycle over several pages) is reported, not followed again", async () => {
    server.reply(
      { status: 200, body: envelope([definition("d1", "a")], `${DEFS}?offset=1&limit=1`) },
      { status: 200, body: envelope([definition("d2", "b")], `${DEFS}?offset=2&limit=1`) },
      { status: 200, body: envelope([definition("d3", "c")], `https://elsewhere${DEFS}?offset=1&limit=1`) },
    );
    const { client } = testClient(server);
    const error = await caught(client.listJobDefinitions());
    expect(error).toBeInstanceOf(DataRobotApiError);
    expect(error.message).toContain("expected a next link that advances (it repeats)");
    expect(server.requests.map((r) => r.query.offset)).toEqual(["0", "1", "2"]);
  });

  it("a next link that is not a URL is reported with the link, the token scrubbed out of it", async () => {
    server.reply({ status: 200, body: envelope([definition("d1", "a")], `http://[bad-${TOKEN}`) });
    const { client } = testClient(server);
    const error = await caught(client.listJobDefinitions());
    expect(error.message).toBe(
      "DataRobot API: GET /batchPredictionJobDefinitions/ failed with 200 " +
        "(unexpected response body: expected a valid next URL (got http://[bad-[secret]))",
    );
  });

  it("a page of items that are not definitions is reported, not passed on", async () => {
    server.reply({ status: 200, body: envelope([{ name: "no id" }]) });
    const { client } = testClient(server);
    expect((await caught(client.listJobDefinitions())).message).toContain("expected a job definition with an id");
  });

  it("a filter left undefined is not sent; the next link's query replaces the first one entirely", async () => {
    server.reply(
      { status: 200, body: envelope([definition("d1", "a")], `${DEFS}?offset=1&limit=1&deploymentId=dep1`) },
      { status: 200, body: envelope([definition("d2", "b")]) },
    );
    const { client } = testClient(server);
    await client.listJobDefinitions({ deploymentId: "dep1", searchName: undefined });
    expect(server.requests.map((r) => r.query)).toEqual([
      { offset: "0", limit: "100", deploymentId: "dep1" },
      { offset: "1", limit: "1", deploymentId: "dep1" },
    ]);
  });

  it("listJobs keeps jobs whose definition is unknown (no definition, or no id), drops only another one's", async () => {
    const { batchPredictionJobDefinition: _omitted, ...bare } = job("j2", "RUNNING");
    server.reply({
      status: 200,
      body: envelope([
        job("j1", "RUNNING", "other"),
        bare,
        { ...job("j3", "RUNNING"), batchPredictionJobDefinition: { name: "n" } },
        job("j4", "RUNNING"),
      ]),
    });
    const { client } = testClient(server);
    expect((await client.listJobs({ jobDefinitionId: "d1" })).map((j) => j.id)).toEqual(["j2", "j3", "j4"]);
  });

  it("listJobs without a filter keeps every job and sends no definition filter", async () => {
    server.reply({ status: 200, body: envelope([job("j1", "RUNNING", "other"), job("j2", "RUNNING")]) });
    const { client } = testClient(server);
    expect((await client.listJobs()).map((j) => j.id)).toEqual(["j1", "j2"]);
    expect(server.requests[0].query).toEqual({ offset: "0", limit: "100" });
  });
});
