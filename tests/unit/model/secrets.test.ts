/**
 * The one list of secrets drives every channel: for every field of SECRET_FIELDS, every credential key name, every
 * credential query parameter and URL userinfo, a distinctive marker value is hidden from the debug log (redaction),
 * scrubbed from a server message quoting it (error scrubbing), masked in the review, and registered as a Pulumi secret
 * by the SDK class. Values that are not secret pass through untouched.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  canonicalFromResponse,
  CREDENTIAL_QUERY_PARAMETERS,
  SECRET_BEARING_FIELDS,
  SECRET_FIELDS,
  SECRET_KEY_NAMES,
  containsSecretValue,
  isSecretValue,
  maskUrlCredentials,
  redactSecrets,
  secretTexts,
  urlCredentials,
  type Path,
} from "../../../provider/model";
import { redactedJson, redactText, requestSecrets } from "../../../provider/client/redact";
import { formatValue, maskValue } from "../../../sdk/review/values";
import { markSecretInputs } from "../../../sdk/secret-inputs";
import { SPEC_CREATE_BODY, SPEC_DEFINITION_RESPONSE } from "./spec-examples";

interface SecretCase {
  label: string;
  /** Where the value sits in a definition body. */
  path: string[];
  value: string;
  /** The part of `value` that is the credential (the whole value unless it is a URL). */
  marker: string;
}

const marker = (label: string) => `MARK-${label.replace(/[^A-Za-z0-9]/g, "")}-7q3z`;

/** Every rule of the one list, each with its own marker. Derived from the lists, so a new entry is covered. */
const CASES: SecretCase[] = [
  ...SECRET_FIELDS.map((field) => {
    const path = field.split(".").map((segment) => (segment === "*" ? "X-Any-Header" : segment));
    return { label: `field ${field}`, path, value: marker(field), marker: marker(field) };
  }),
  ...SECRET_KEY_NAMES.map((key) => ({
    label: `key ${key}`,
    path: ["timeseriesSettings", "forecastPointPolicy", "configuration", key],
    value: marker(key),
    marker: marker(key),
  })),
  ...CREDENTIAL_QUERY_PARAMETERS.map((parameter) => ({
    label: `query ${parameter}`,
    path: ["intakeSettings", "url"],
    value: `https://acct.blob.core.windows.net/in/data.csv?sv=2022-11-02&${parameter}=${marker(parameter)}&sp=r`,
    marker: marker(parameter),
  })),
  {
    label: "userinfo",
    path: ["outputSettings", "url"],
    value: `https://bob:${marker("userinfo")}@hooks.example.com/scores`,
    marker: marker("userinfo"),
  },
];

function bodyWith(path: string[], value: unknown): Record<string, unknown> {
  const body: Record<string, unknown> = { name: "nightly", outputSettings: { type: "http", url: "https://h/x" } };
  let current = body;
  for (const segment of path.slice(0, -1)) {
    current[segment] = { ...((current[segment] as object) ?? {}) };
    current = current[segment] as Record<string, unknown>;
  }
  current[path[path.length - 1]] = value;
  return body;
}

describe.each(CASES)("$label", ({ path, value, marker: secret }) => {
  const body = bodyWith(path, value);

  it("is a secret at its path, and the body contains a secret", () => {
    expect(isSecretValue(path, value)).toBe(true);
    expect(containsSecretValue(body)).toBe(true);
  });

  it("is redacted in debug log lines", () => {
    const line = redactedJson(body, []);
    expect(line).not.toContain(secret);
    expect(line).toContain("[secret]");
    expect(line).toContain('"name":"nightly"');
  });

  it("is scrubbed from a server message quoting it", () => {
    const message = `Invalid field data: ${path.join(".")}: '${secret}' is not valid; value was ${value}`;
    const scrubbed = redactText(message, requestSecrets(body));
    expect(scrubbed).not.toContain(secret);
    expect(scrubbed).toContain("[secret]");
  });

  it("is masked in the review, alone and inside its object", () => {
    expect(formatValue(value, path)).toBe("[secret]");
    expect(formatValue(body[path[0]], path.slice(0, 1))).not.toContain(secret);
    expect(JSON.stringify(maskValue(body))).not.toContain(secret);
  });

  it("is registered as a Pulumi secret by the SDK class, and the rest of the body is not", async () => {
    const marked = markSecretInputs(body) as Record<string, unknown>;
    let leaf: unknown = marked;
    for (const segment of path) leaf = (leaf as Record<string, unknown>)[segment];
    expect(pulumi.Output.isInstance(leaf)).toBe(true);
    expect(await pulumi.isSecret(leaf as pulumi.Output<unknown>)).toBe(true);
    expect(marked.name).toBe("nightly");
  });
});

describe("values that are not secret", () => {
  const plain: [Path, unknown][] = [
    [["intakeSettings", "url"], "https://acct.blob.core.windows.net/in/data.csv?sv=2022-11-02&sp=r&se=2030-01-01"],
    [["intakeSettings", "url"], "s3://bucket/in/data.csv"],
    [["intakeSettings", "url"], "https://files.example.com/data.csv?keyword=x&codec=gzip&tokens=3"],
    [["outputSettings", "url"], "https://hooks.example.com/a@b"], // an @ in the path is not userinfo
    [["predictionInstance", "hostName"], "pred.example.com"],
    [["outputSettings", "serverSideEncryption", "kmsKeyId"], "arn:aws:kms:us-east-1:1:key/abc"],
    [["intakeSettings", "credentialId"], "64b000000000000000000a01"],
  ];

  it.each(plain)("%j keeps %j", (path, value) => {
    expect(isSecretValue(path, value)).toBe(false);
    expect(redactSecrets(value, path)).toBe(value);
    expect(formatValue(value, path)).toBe(JSON.stringify(value));
  });

  it("a userinfo without a password still counts (a bare token in the userinfo is common)", () => {
    expect(isSecretValue(["name"], "https://ghp_abcdef@github.example.com/x")).toBe(true);
  });

  it("null and undefined are never secret (nothing to hide) and the engine's unknown marker stays readable", () => {
    expect(isSecretValue(["predictionInstance", "apiKey"], null)).toBe(false);
    expect(formatValue("04da6b54-80e4-46f7-96ec-b56ff0331ba9", ["predictionInstance", "apiKey"])).toBe(
      "(known after apply)",
    );
  });

  it("header names stay readable while every header value is hidden", () => {
    const headers = { Authorization: "Bearer abc123456", "X-Team": "ml" };
    expect(redactSecrets({ outputSettings: { headers } })).toEqual({
      outputSettings: { headers: { Authorization: "[secret]", "X-Team": "[secret]" } },
    });
  });
});

describe("credentials inside URLs", () => {
  it("masks only the credentials for the debug log, keeping the rest of the URL", () => {
    expect(maskUrlCredentials("https://u:p%40ss@h.example.com/c/f.csv?sv=1&sig=abc%2Bdef&sp=r#frag")).toBe(
      "https://[secret]@h.example.com/c/f.csv?sv=1&sig=[secret]&sp=r#frag",
    );
    expect(maskUrlCredentials("https://h/x?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=ff00")).toBe(
      "https://h/x?X-Amz-Credential=[secret]&X-Amz-Signature=[secret]",
    );
  });

  it("lists the raw and the decoded credentials, so an echo of either is scrubbed", () => {
    expect(urlCredentials("https://u:p%40ss@h/x?sig=abc%2Bdef")).toEqual(
      expect.arrayContaining(["u:p%40ss", "p%40ss", "p@ss", "abc%2Bdef", "abc+def"]),
    );
    const texts = secretTexts({ intakeSettings: { url: "https://h/x?sig=abc%2Bdef" } });
    expect(texts[0]).toBe("https://h/x?sig=abc%2Bdef"); // the whole value first, then its parts
    expect(redactText("bad sig abc+def in https://h/x?sig=abc%2Bdef", texts)).toBe("bad sig [secret] in [secret]");
  });

  it("applies to any string field, e.g. a tableau or http intake URL", () => {
    expect(isSecretValue(["outputSettings", "url"], "https://tableau.example.com/?access_token=t0k3n")).toBe(true);
    expect(isSecretValue(["intakeSettings", "url"], "ftp://user:pw@files.example.com/in.csv")).toBe(true);
  });
});

describe("credential-like key names in free-form settings", () => {
  const at = (key: string): Path => ["timeseriesSettings", "forecastPointPolicy", "configuration", key];
  // Each names a credential although none is in SECRET_KEY_NAMES as written: matched by its words.
  const secretKeys = [
    "sasToken",
    "aws_secret_access_key",
    "AWS_SESSION_TOKEN",
    "connectionString",
    "passphrase",
    "privateKey",
    "clientSecret",
    "storage-account-key",
    "db.password",
    "sastoken",
    "dbpassword",
    "X-Api-Key",
  ];
  // Words that only start like a credential, and references to one (its id, type or name): readable in a diff.
  const plainKeys = [
    "tokenizer",
    "maxTokens",
    "keyColumn",
    "passthroughColumns",
    "credentialId",
    "cloudStorageCredentialId",
    "kmsKeyId",
    "tokenType",
    "secretName",
  ];

  it.each(secretKeys)("%s is secret: masked in the review and registered as a Pulumi secret", async (key) => {
    const value = "HIDE-ME-4711";
    expect(isSecretValue(at(key), value)).toBe(true);
    expect(formatValue({ [key]: value }, at(key).slice(0, -1))).not.toContain(value);
    const marked = markSecretInputs({
      timeseriesSettings: { forecastPointPolicy: { configuration: { [key]: value } } },
    });
    const leaf = (marked as { timeseriesSettings: { forecastPointPolicy: { configuration: Record<string, unknown> } } })
      .timeseriesSettings.forecastPointPolicy.configuration[key];
    expect(await pulumi.isSecret(leaf as pulumi.Output<unknown>)).toBe(true);
  });

  it.each(plainKeys)("%s is not secret", (key) => {
    expect(isSecretValue(at(key), "visible-value")).toBe(false);
    expect(formatValue("visible-value", at(key))).toBe('"visible-value"');
  });
});

describe("a URL with whitespace around it (the server trims it, so its credentials work)", () => {
  const url = " https://acct.blob.core.windows.net/in/data.csv?sv=1&sig=LEADSPACESIG77\n";

  it("is secret, masked keeping the whitespace, and its sig is scrubbed from an echo", () => {
    expect(isSecretValue(["intakeSettings", "url"], url)).toBe(true);
    expect(maskUrlCredentials(url)).toBe(" https://acct.blob.core.windows.net/in/data.csv?sv=1&sig=[secret]\n");
    expect(formatValue(url, ["intakeSettings", "url"])).not.toContain("LEADSPACESIG77");
    expect(redactText("cannot read ...sig=LEADSPACESIG77", secretTexts({ intakeSettings: { url } }))).toBe(
      "cannot read ...sig=[secret]",
    );
  });
});

describe("the fields a definition read with get() stores encrypted whole", () => {
  it("are the top-level fields of the secret fields and those holding URLs", () => {
    expect(SECRET_BEARING_FIELDS).toEqual(["intakeSettings", "outputSettings", "predictionInstance"]);
  });
});

describe("a secret the server holds where the program holds none (read by refresh)", () => {
  const httpOutput = {
    type: "http",
    method: "PUT",
    url: "https://hooks.example.com/x",
    headers: { Authorization: "A1" },
  };
  const respond = (outputSettings: Record<string, unknown>) => ({
    ...SPEC_DEFINITION_RESPONSE,
    batchPredictionJob: { ...SPEC_DEFINITION_RESPONSE.batchPredictionJob, outputSettings },
  });
  const desired = { ...SPEC_CREATE_BODY, outputSettings: httpOutput };

  it("is replaced by a marker (the engine has no secret input to follow there), so drift shows without the value", () => {
    const actual = canonicalFromResponse(
      respond({
        ...httpOutput,
        url: "https://u:ADDED-PASS@hooks.example.com/x",
        headers: { Authorization: "A2-CHANGED", "X-Added": "ADDED-HEADER" },
      }),
      desired,
    );
    expect(actual.outputSettings).toEqual({
      ...httpOutput,
      url: "[secret set outside Pulumi]",
      // A secret the program sets is kept: its input is secret, so the engine stores this value encrypted.
      headers: { Authorization: "A2-CHANGED", "X-Added": "[secret set outside Pulumi]" },
    });
  });

  it("leaves a definition without such secrets as the server reports it", () => {
    expect(canonicalFromResponse(respond(httpOutput), desired).outputSettings).toEqual(httpOutput);
  });
});
