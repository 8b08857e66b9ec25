"""A nightly DataRobot batch prediction job definition, and one run of it after each deploy.

The definition scores a CSV in S3 with a deployment every night and writes the predictions back to S3. The run
resource scores it once as part of `pulumi up` (again whenever the definition changes), so a deploy fails when the
definition does not work. Connection: the stack config `datarobot-batch:endpoint` and `datarobot-batch:apiToken`.
"""

import pulumi
import pulumi_datarobot_batch as datarobot_batch

config = pulumi.Config()
deployment_id = config.require("deploymentId")
credential_id = config.require("credentialId")
hour = config.get_int("hour")
enabled = config.get_bool("enabled")

definition = datarobot_batch.BatchPredictionJobDefinition(
    "nightly-scoring",
    deployment_id=deployment_id,
    intake_settings=datarobot_batch.IntakeSettingsArgs(
        type="s3",
        url=config.get("inputUrl") or "s3://scoring/input/customers.csv",
        credential_id=credential_id,
    ),
    output_settings=datarobot_batch.OutputSettingsArgs(
        type="s3",
        url=config.get("outputUrl") or "s3://scoring/output/customers-scored.csv",
        credential_id=credential_id,
    ),
    include_prediction_status=True,
    passthrough_columns_set=datarobot_batch.PassthroughColumnsSet.ALL,
    # Every night at `hour`:00 UTC.
    schedule=datarobot_batch.ScheduleArgs(
        minute=[0],
        hour=[2 if hour is None else hour],
        day_of_month=["*"],
        month=["*"],
        day_of_week=["*"],
    ),
    enabled=True if enabled is None else enabled,
)

# Scores the definition once during the deploy; a new `updated` timestamp (any change of the definition) runs it again.
after_deploy = datarobot_batch.BatchPredictionJobRun(
    "after-deploy",
    job_definition_id=definition.id,
    definition_version=definition.updated,
)

pulumi.export("definitionId", definition.id)
pulumi.export("definitionName", definition.name)
pulumi.export("nextScheduledRunTime", definition.next_scheduled_run_time)
pulumi.export("runStatus", after_deploy.status)
pulumi.export("scoredRows", after_deploy.scored_rows)
# What `datarobot-batch run --stack` and `datarobot-batch preview --stack` read.
pulumi.export("batchPredictionJobDefinitions", [definition.id])
