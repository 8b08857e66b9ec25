// Jest global setup for the e2e layer: obtains the real Pulumi engine and its Node.js and YAML language hosts through the
// project's own script (building them from their Go modules on a fresh machine) and hands their locations to the test
// workers through the environment.
const { ensureEngine } = require("../../scripts/engine");
const { linkSelf } = require("../../scripts/link-self");

module.exports = async function globalSetup() {
  linkSelf(); // the dynamic-provider process loads this package by name
  const engine = await ensureEngine();
  process.env.PULUMI_DATAROBOT_BATCH_ENGINE_ROOT = engine.root;
  process.env.PULUMI_DATAROBOT_BATCH_ENGINE_VERSION = engine.version;
  process.env.PULUMI_DATAROBOT_BATCH_LANGUAGE_HOST = engine.languageHostPath;
  process.env.PULUMI_DATAROBOT_BATCH_YAML_HOST = engine.yamlHostPath;
  process.env.PULUMI_DATAROBOT_BATCH_PYTHON_HOST = engine.pythonHostPath;
};
