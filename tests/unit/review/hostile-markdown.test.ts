/**
 * User-supplied strings cannot break out of the pull-request comment: a hostile table name, resource and definition
 * names, and values inside adoption and endpoint warnings render as text (golden file), and the escaping is lossless
 * (property test).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { buildReview, collectSteps, renderMarkdown } from "../../../sdk/review";
import { escapeMarkdown } from "../../../sdk/review/markdown";
import { formatValue } from "../../../sdk/review/values";
import { escapeControlCharacters } from "../../../provider/model/guards";

const TYPE = "pulumi-nodejs:dynamic/datarobot-batch:BatchPredictionJobDefinition";
const NOW = new Date("2026-03-10T12:00:00.000Z");
const GOLDEN = path.join(__dirname, "golden", "hostile-review.md");
const HOSTILE_TABLE = "v2 <h1>LGTM - no warnings</h1>";

let sequence = 0;
function pre(op: string, name: string, parts: Record<string, unknown>): EngineEvent {
  const urn = `urn:pulumi:dev::proj::${TYPE}::${name}`;
  return {
    sequence: sequence++,
    timestamp: 0,
    resourcePreEvent: { metadata: { op, urn, type: TYPE, provider: "p", ...parts } },
  } as unknown as EngineEvent;
}

const state = (inputs: Record<string, unknown>) => ({ type: TYPE, urn: "", id: "", inputs, outputs: inputs });

function definition(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    deploymentId: "64b000000000000000000d01",
    enabled: false,
    intakeSettings: { type: "s3", url: "s3://in/data.csv" },
    outputSettings: { type: "jdbc", table: "scores", statementType: "insert" },
    ...extra,
  };
}

function hostileReview(): string {
  const events = [
    pre("update", "scores`<img src=x onerror=alert(1)>", {
      old: state(definition("nightly")),
      new: state(
        definition("**approved** [by security](https://evil.example)\n# LGTM", {
          outputSettings: { type: "jdbc", table: HOSTILE_TABLE, statementType: "insert" },
        }),
      ),
      diffs: ["name", "outputSettings"],
      detailedDiff: {
        name: { diffKind: "update", inputDiff: true },
        "outputSettings.table": { diffKind: "update", inputDiff: true },
      },
    }),
    pre("create", "adopted", {
      new: state(
        definition("shared-scoring", {
          adoptExisting: true,
          adoptTarget: {
            id: "64b0000000000000000000aa",
            name: "shared-scoring",
            createdBy: "<script>alert(1)</script>@example.com",
            created: "2026-01-02T03:04:05.000000Z",
            updated: "2026-02-03T04:05:06.000000Z",
            lastRun: "2026-03-09T02:00:00.000000Z",
            lastRunStatus: "COMPLETED",
          },
        }),
      ),
    }),
    pre("create", "elsewhere", {
      new: state(definition("eu-scoring", { endpoint: "https://eu.example.com/api/v2|<b>x</b>" })),
    }),
  ];
  return renderMarkdown(buildReview(collectSteps(events), { now: NOW, stack: "dev" }));
}

describe("review Markdown with hostile strings", () => {
  const markdown = hostileReview();

  it("matches the golden file", () => {
    if (process.env.UPDATE_GOLDEN === "1") fs.writeFileSync(GOLDEN, markdown);
    expect(markdown).toBe(fs.readFileSync(GOLDEN, "utf8"));
  });

  it("has no HTML but its own, no heading but its own, and the adoption and endpoint warnings", () => {
    const tags = [...markdown.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1].toLowerCase());
    expect(new Set(tags)).toEqual(new Set(["code", "sub", "details", "summary"]));
    const headings = markdown.split("\n").filter((line) => /^\s{0,3}#/.test(line));
    expect(headings).toEqual([
      "## DataRobot batch prediction job definitions: preview of stack <code>dev</code>",
      "#### ⚠️ 3 warnings",
      "### 🔵 <code>adopted</code> (definition <code>shared-scoring</code>): adopt (take over the existing definition of this name)",
      "### 🟢 <code>elsewhere</code> (definition <code>eu-scoring</code>): create",
      "### 🟡 <code>scores&#96;&lt;img src=x onerror=alert(1)&gt;</code> (definition " +
        "<code>&#42;&#42;approved&#42;&#42; [by security&#93;(https://evil.example) # LGTM</code>): update",
    ]);
    expect(markdown).not.toMatch(/<h1>|<img|<script|<b>|\*\*approved\*\*|\]\(https/);
    expect(markdown).toContain(
      "Output table changed: &quot;scores&quot; → &quot;v2 &lt;h1&gt;LGTM - no warnings&lt;/h1&gt;&quot;",
    );
    expect(markdown).toContain(
      "Takes over the existing definition &quot;shared-scoring&quot; (id 64b0000000000000000000aa, created by &lt;script&gt;",
    );
    expect(markdown).toContain(
      "Uses its own DataRobot endpoint https://eu.example.com/api/v2&#124;&lt;b&gt;x&lt;/b&gt;",
    );
  });
});

describe("escapeMarkdown", () => {
  const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"' };
  const decode = (text: string) =>
    text.replace(/&(#\d+|amp|lt|gt|quot);/g, (_m, code: string) =>
      code.startsWith("#") ? String.fromCharCode(Number(code.slice(1))) : NAMED[code],
    );

  it("leaves no character that opens HTML or inline Markdown, no line break, and loses nothing else", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const escaped = escapeMarkdown(text);
        expect(escaped).not.toMatch(/[<>`*_|~\\$"'\r\n\u2028\u2029]|\]\(|\]\[/);
        expect(escaped.replace(/&(#\d+|amp|lt|gt|quot);/g, "")).not.toContain("&");
        // eslint-disable-next-line no-control-regex -- no raw control or bidi character may remain
        expect(escaped).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        expect(decode(escaped)).toBe(escapeControlCharacters(text.replace(/\r\n|[\r\n\u2028\u2029]/g, " ")));
      }),
    );
  });

  it("writes an escape sequence or a bidi override visibly, in Markdown and in the text review's values", () => {
    expect(escapeMarkdown("a\u001b[31mb\u202ec")).toBe("a&#92;u001b[31mb&#92;u202ec");
    expect(formatValue("x\u009b2J\u202ey\u007f")).toBe('"x\\u009b2J\\u202ey\\u007f"');
  });
});
