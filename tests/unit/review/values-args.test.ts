import { UNKNOWN_SENTINEL } from "../../../provider/model";
import { formatReviewPath, formatValue, leafPaths, parsePath, reviewedPath } from "../../../sdk/review/values";
import { parseCommandLine, UsageError } from "../../../sdk/cli/args";

const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" };

describe("property paths", () => {
  it.each([
    ["intakeSettings.url", ["intakeSettings", "url"], "intakeSettings.url"],
    ["schedule.hour[0]", ["schedule", "hour", 0], "schedule.hour"],
    ['columnNamesRemapping["a.b"]', ["columnNamesRemapping", "a.b"], 'columnNamesRemapping["a.b"]'],
    ["passthroughColumns[2]", ["passthroughColumns", 2], "passthroughColumns"],
    [
      "outputSettings.partitionColumns[1].x",
      ["outputSettings", "partitionColumns", 1, "x"],
      "outputSettings.partitionColumns",
    ],
  ])("%s", (text, segments, reviewed) => {
    expect(parsePath(text)).toEqual(segments);
    expect(formatReviewPath(reviewedPath(parsePath(text)))).toBe(reviewed);
    if (!segments.some((s) => typeof s === "number")) expect(formatReviewPath(segments)).toBe(text);
  });
});

describe("formatValue", () => {
  it("compact JSON with sorted keys; strings quoted", () => {
    expect(formatValue({ b: 1, a: [2, "x"] })).toBe('{"a":[2,"x"],"b":1}');
    expect(formatValue("2")).toBe('"2"');
    expect(formatValue(undefined)).toBeUndefined();
    expect(formatValue(null)).toBe("null");
  });

  it("masks engine secret wrappers, SECRET_PATHS and credential-named keys at any depth", () => {
    expect(formatValue(SECRET, ["predictionInstance"])).toBe("[secret]");
    expect(formatValue({ hostName: "h", apiKey: "k1", datarobotKey: "k2" }, ["predictionInstance"])).toBe(
      '{"apiKey":[secret],"datarobotKey":[secret],"hostName":"h"}',
    );
    expect(formatValue("aes-key", ["outputSettings", "serverSideEncryption", "customerKey"])).toBe("[secret]");
    expect(formatValue({ type: "http", headers: { token: "t" } }, ["outputSettings"])).toBe(
      '{"headers":{"token":[secret]},"type":"http"}',
    );
    expect(formatValue({ nested: SECRET })).toBe('{"nested":[secret]}');
  });

  it("names values not known until apply", () => {
    expect(formatValue(UNKNOWN_SENTINEL)).toBe("(known after apply)");
    expect(formatValue({ url: UNKNOWN_SENTINEL })).toBe('{"url":(known after apply)}');
  });

  it("leaf paths: objects walked, lists and secret wrappers are leaves", () => {
    expect(leafPaths({ b: { y: 1, x: [1, 2] }, a: SECRET, c: {}, d: undefined })).toEqual([
      ["a"],
      ["b", "x"],
      ["b", "y"],
      ["c"],
    ]);
  });
});

describe("datarobot-batch preview arguments", () => {
  it("parses --stack, --cwd, --markdown, --json, --no-refresh", () => {
    expect(parseCommandLine(["preview", "--stack", "dev"])).toEqual({
      command: "preview",
      stack: "dev",
      json: false,
      refresh: true,
    });
    expect(
      parseCommandLine([
        "preview",
        "--stack",
        "dev",
        "--cwd",
        "infra",
        "--markdown",
        "out.md",
        "--json",
        "--no-refresh",
      ]),
    ).toEqual({ command: "preview", stack: "dev", cwd: "infra", markdownFile: "out.md", json: true, refresh: false });
  });

  it.each([
    [["preview"], "preview: --stack <stack> is required"],
    [["preview", "dev"], 'preview: unexpected argument "dev" (use --stack <stack>)'],
    [["preview", "--stack", "dev", "--timeout", "5m"], "--timeout is only used with run"],
    [["preview", "--stack", "dev", "--no-wait"], "--no-wait is only used with run"],
    [["run", "x", "--markdown", "a.md"], "--markdown is only used with preview"],
    [["run", "x", "--no-refresh"], "--no-refresh is only used with preview"],
    [["go"], 'Unknown command "go" (the commands are "run", "preview" and "probe")'],
  ])("%j → %s", (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});
