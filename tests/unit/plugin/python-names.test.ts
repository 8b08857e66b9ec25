/**
 * Python's spelling of the package's names (plugin/python-names.ts): the path a message adds for a Python program,
 * and the snake_case keys inside a union that the plugin takes as the camelCase fields.
 */
import { buildSchema } from "../../../plugin/schema";
import { camelCaseKeys, pythonPath, withPythonPathIn } from "../../../plugin/python-names";
import { SECRET_SIG, SPECIAL_SIG_KEY } from "../../../plugin/values";
import { PLUGIN_JOB_DEFINITION_TYPE_TOKEN } from "../../../sdk/type-tokens";

const schema = buildSchema("0.0.0-test");
const inputs = { properties: schema.resources[PLUGIN_JOB_DEFINITION_TYPE_TOKEN].inputProperties };
const secret = (value: unknown) => ({ [SPECIAL_SIG_KEY]: SECRET_SIG, value });

describe("pythonPath / withPythonPathIn", () => {
  it("spells a path as a Python program does, and adds it to a message only where it differs", () => {
    expect(pythonPath("intakeSettings.credentialId")).toBe("intake_settings.credential_id");
    expect(pythonPath("schedule.dayOfMonth[0]")).toBe("schedule.day_of_month[0]");
    expect(withPythonPathIn("schedule.hour[0]: must be 0-23")).toBe("schedule.hour[0]: must be 0-23");
    expect(withPythonPathIn("outputSettings.url: required")).toBe(
      "outputSettings.url (Python: output_settings.url): required",
    );
    expect(withPythonPathIn("Provide a deployment")).toBe("Provide a deployment");
  });
});

describe("camelCaseKeys", () => {
  it("renames snake_case keys inside a union by its discriminator, secrets included, and nothing else", () => {
    const value = {
      deploymentId: "d",
      intakeSettings: { type: "jdbc", data_store_id: "ds", credential_id: secret("c"), fetch_size: 10 },
      outputSettings: { type: "http", url: "https://x", method: "POST", headers: { x_api_key: secret("k") } },
      columnNamesRemapping: { customer_id: "id" },
    };
    expect(camelCaseKeys(value, inputs, schema)).toEqual({
      deploymentId: "d",
      intakeSettings: { type: "jdbc", dataStoreId: "ds", credentialId: secret("c"), fetchSize: 10 },
      outputSettings: { type: "http", url: "https://x", method: "POST", headers: { x_api_key: secret("k") } },
      columnNamesRemapping: { customer_id: "id" },
    });
  });

  it("keeps a snake_case key when its camelCase field is given too, or when no adapter has such a field", () => {
    const both = { intakeSettings: { type: "s3", url: "s3://a", credentialId: "a", credential_id: "b" } };
    expect(camelCaseKeys(both, inputs, schema)).toEqual(both);
    // The adapter type is open: an adapter this package does not know gets the known fields' names translated too
    // (DataRobot's API is camelCase throughout), and a field no adapter has stays as written.
    const unknown = { intakeSettings: { type: "ftp", credential_id: "b", passive_mode: true } };
    expect(camelCaseKeys(unknown, inputs, schema)).toEqual({
      intakeSettings: { type: "ftp", credentialId: "b", passive_mode: true },
    });
  });
});
