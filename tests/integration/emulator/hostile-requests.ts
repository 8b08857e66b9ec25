/**
 * Hostile requests shared by the emulator's hardening tests: each must get a clear 4xx, never a 500 or a crash.
 * Bodies are given as raw text so that `__proto__` arrives as a real JSON key (an object literal would set the
 * prototype instead).
 */
import { SEED } from "../../../emulator";

export interface HostileRequest {
  label: string;
  /** "api" (with the owner's token) or "admin". */
  target: "api" | "admin";
  method: string;
  path: string;
  rawBody?: string;
  /** Statuses that count as a correct refusal. */
  expected: number[];
}

const VALID_ID = "64b000000000000000000f01";
const base = `"deploymentId": "${SEED.deploymentId}", "intakeSettings": {"type": "s3", "url": "s3://b/in.csv"}`;

/** A definition whose forecast policy configuration is nested `depth` levels deep (built as text, no recursion). */
export function deepDefinition(depth: number, extra = ""): string {
  const configuration = `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
  return (
    `{${base}, "name": "deep-${depth}"${extra}, "timeseriesSettings": {"type": "forecastWithPolicy", ` +
    `"forecastPointPolicy": {"type": "job", "configuration": ${configuration}}}}`
  );
}

export const HOSTILE_REQUESTS: HostileRequest[] = [
  ...["__proto__", "constructor", "prototype"].flatMap((key): HostileRequest[] => [
    {
      label: `top-level ${key} key`,
      target: "api",
      method: "POST",
      path: "/batchPredictionJobDefinitions/",
      rawBody: `{${base}, "${key}": {"polluted": true}}`,
      expected: [422],
    },
    {
      label: `${key} key inside intakeSettings`,
      target: "api",
      method: "POST",
      path: "/batchPredictionJobDefinitions/",
      rawBody: `{"deploymentId": "${SEED.deploymentId}", "intakeSettings": {"type": "s3", "url": "s3://b/x", "${key}": 1}}`,
      expected: [422],
    },
    {
      label: `${key} key inside a header map`,
      target: "api",
      method: "POST",
      path: "/batchPredictionJobDefinitions/",
      rawBody: `{${base}, "outputSettings": {"type": "http", "url": "https://x", "method": "POST", "headers": {"${key}": "v"}}}`,
      expected: [422],
    },
    {
      label: `${key} key in a PATCH`,
      target: "api",
      method: "PATCH",
      path: `/batchPredictionJobDefinitions/${VALID_ID}/`,
      rawBody: `{"${key}": {"name": "x"}}`,
      expected: [422],
    },
    {
      label: `${key} as an intake type`,
      target: "api",
      method: "POST",
      path: "/batchPredictionJobDefinitions/",
      rawBody: `{"deploymentId": "${SEED.deploymentId}", "intakeSettings": {"type": "${key}"}}`,
      expected: [422],
    },
    {
      label: `${key} as a time series type`,
      target: "api",
      method: "POST",
      path: "/batchPredictionJobDefinitions/",
      rawBody: `{${base}, "timeseriesSettings": {"type": "${key}"}}`,
      expected: [422],
    },
    {
      label: `${key} query parameter`,
      target: "api",
      method: "GET",
      path: `/batchPredictionJobDefinitions/?${key}=1`,
      expected: [400],
    },
    {
      label: `${key} as an id`,
      target: "api",
      method: "GET",
      path: `/batchPredictionJobDefinitions/${key}/`,
      expected: [400],
    },
    {
      label: `${key} as a job id`,
      target: "api",
      method: "DELETE",
      path: `/batchPredictions/${key}/`,
      expected: [400],
    },
    {
      label: `${key} key in PUT /__admin/config`,
      target: "admin",
      method: "PUT",
      path: "/config",
      rawBody: `{"${key}": {"timeScale": 5}}`,
      expected: [400],
    },
    {
      label: `${key} key in an admin definition edit`,
      target: "admin",
      method: "PATCH",
      path: `/definitions/${VALID_ID}`,
      rawBody: `{"${key}": 1}`,
      expected: [400],
    },
    {
      label: `${key} key in admin fixtures`,
      target: "admin",
      method: "POST",
      path: "/fixtures",
      rawBody: `{"deployments": [{"label": "x", "${key}": {}}]}`,
      expected: [400],
    },
    { label: `${key} as an admin id`, target: "admin", method: "DELETE", path: `/definitions/${key}`, expected: [400] },
  ]),
  {
    label: "toString as an intake type",
    target: "api",
    method: "POST",
    path: "/batchPredictionJobDefinitions/",
    rawBody: `{"deploymentId": "${SEED.deploymentId}", "intakeSettings": {"type": "toString"}}`,
    expected: [422],
  },
  {
    label: "hasOwnProperty as a spec key",
    target: "api",
    method: "POST",
    path: "/batchPredictionJobDefinitions/",
    rawBody: `{${base}, "hasOwnProperty": 1}`,
    expected: [422],
  },
  ...["%E0%A4%A", "%", "%zz", "%C0%AF", "%ED%A0%80"].flatMap((escape): HostileRequest[] => [
    {
      label: `malformed escape ${escape} in an id`,
      target: "api",
      method: "GET",
      path: `/batchPredictionJobDefinitions/${escape}/`,
      expected: [400],
    },
    {
      label: `malformed escape ${escape} in a PATCH id`,
      target: "api",
      method: "PATCH",
      path: `/batchPredictionJobDefinitions/${escape}/`,
      rawBody: "{}",
      expected: [400],
    },
    {
      label: `malformed escape ${escape} in a query`,
      target: "api",
      method: "GET",
      path: `/batchPredictionJobDefinitions/?searchName=${escape}`,
      expected: [400],
    },
    {
      label: `malformed escape ${escape} in an admin id`,
      target: "admin",
      method: "DELETE",
      path: `/definitions/${escape}`,
      expected: [400],
    },
  ]),
  {
    label: "5000-deep definition",
    target: "api",
    method: "POST",
    path: "/batchPredictionJobDefinitions/",
    rawBody: deepDefinition(5000),
    expected: [422],
  },
  {
    label: "5000-deep PATCH",
    target: "api",
    method: "PATCH",
    path: `/batchPredictionJobDefinitions/${VALID_ID}/`,
    rawBody: deepDefinition(5000),
    expected: [422],
  },
  {
    label: "5000-deep array",
    target: "api",
    method: "POST",
    path: "/batchPredictionJobDefinitions/",
    rawBody: `${"[".repeat(5000)}${"]".repeat(5000)}`,
    expected: [422],
  },
  {
    label: "5000-deep admin edit",
    target: "admin",
    method: "PATCH",
    path: `/definitions/${VALID_ID}`,
    rawBody: `{"batchPredictionJob": ${deepDefinition(5000)}}`,
    expected: [400],
  },
  {
    label: "5000-deep fault body",
    target: "admin",
    method: "POST",
    path: "/faults",
    rawBody: `{"path": "/version", "status": 500, "body": ${'{"a":'.repeat(5000)}1${"}".repeat(5000)}}`,
    expected: [400],
  },
];
