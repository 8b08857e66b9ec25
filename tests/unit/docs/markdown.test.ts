/** The Markdown readers behind the documentation link check: what they find, and what they must not. */
import { anchorsOf, codeBlocks, linksOf, slug } from "../helpers";

describe("Markdown readers", () => {
  it("make GitHub's anchors: punctuation and backticks dropped, spaces to dashes, repeats numbered", () => {
    expect(slug("The `BatchPredictionJobDefinition` resource")).toBe("the-batchpredictionjobdefinition-resource");
    expect(slug("13. Unknowns")).toBe("13-unknowns");
    expect(slug("Reviewing changes in pull requests (`datarobot-batch preview`)")).toBe(
      "reviewing-changes-in-pull-requests-datarobot-batch-preview",
    );
    expect(slug("Choices where DataRobot's behaviour is unknown")).toBe(
      "choices-where-datarobots-behaviour-is-unknown",
    );
    const anchors = anchorsOf("# Title\n## Setup\ntext\n## Setup\n```bash\n# not a heading\n```\n");
    expect([...anchors]).toEqual(["title", "setup", "setup-1"]);
  });

  it("find links outside code only, with their line", () => {
    const markdown = [
      "See [the guide](docs/runs.md#library) and [home](https://example.com).",
      "`[not](a-link.md)` in code",
      "```md",
      "[inside](a-fence.md)",
      "```",
      "[last](#title)",
    ].join("\n");
    expect(linksOf(markdown)).toEqual([
      { target: "docs/runs.md#library", line: 1 },
      { target: "https://example.com", line: 1 },
      { target: "#title", line: 6 },
    ]);
  });

  it("return fenced blocks of one language", () => {
    expect(codeBlocks("```ts\nconst a = 1;\n```\n```bash\nls\n```\n```ts\nlet b;\n```\n", "ts")).toEqual([
      "const a = 1;\n",
      "let b;\n",
    ]);
  });
});
