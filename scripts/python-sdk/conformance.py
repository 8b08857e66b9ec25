"""Drive a DataRobot Batch Prediction API (normally the local emulator) with DataRobot's own, unmodified Python SDK.

It exercises the job-definition life cycle the way SDK users do and checks what the SDK hands back:
Client() (GET version/), create, get, list (searchName; limit/offset; the SDK's `next`-following paginator), update
(a PATCH without trailing slash), run_on_schedule, run_once + wait_for_completion + get_status, delete, and the error
paths (bad token -> 401, duplicate name, get after delete -> 404).

Usage:
    DATAROBOT_ENDPOINT=http://127.0.0.1:PORT/api/v2 DATAROBOT_API_TOKEN=... \\
        python conformance.py --deployment-id ID --credential-id ID --data-store-id ID

Every id may also come from the environment (CONFORMANCE_DEPLOYMENT_ID, ..._CREDENTIAL_ID, ..._DATA_STORE_ID).
Output: one JSON object per line and step: {"step": ..., "ok": true, ...facts}. On the first failure it prints
{"step": ..., "ok": false, "error": ...} and exits 1. The API token never appears in the output.
"""

import argparse
import json
import os
import sys
import time
import traceback
import uuid
import warnings

import datarobot as dr
from datarobot.errors import ClientError
from datarobot.utils import pagination

TOKEN = os.environ.get("DATAROBOT_API_TOKEN", "")


class StepFailed(Exception):
    pass


def redact(text):
    # Tokens shorter than 8 characters are test dummies; replacing them would garble the text.
    return text.replace(TOKEN, "[token]") if len(TOKEN) >= 8 else text


def emit(step, ok, **facts):
    print(json.dumps({"step": step, "ok": ok, **facts}, default=str, sort_keys=True), flush=True)


def check(condition, message):
    if not condition:
        raise StepFailed(message)


def expect_client_error(step_fn, statuses):
    """Runs step_fn and returns the ClientError status code, failing unless it is one of `statuses`."""
    try:
        step_fn()
    except ClientError as error:
        check(error.status_code in statuses, f"expected HTTP {statuses}, got {error.status_code}")
        return error.status_code
    raise StepFailed(f"expected a ClientError with HTTP {statuses}, but the call succeeded")


def run(args):
    endpoint = os.environ["DATAROBOT_ENDPOINT"]
    prefix = f"sdk-conformance-{uuid.uuid4().hex[:8]}"
    steps = []  # (name, function returning the facts to print)

    def step(fn):
        steps.append((fn.__name__, fn))
        return fn

    state = {}
    schedule = {"minute": [0], "hour": [2], "day_of_month": ["*"], "month": ["*"], "day_of_week": ["*"]}

    def job_spec(num_concurrent):
        return {
            "deployment_id": args.deployment_id,
            "num_concurrent": num_concurrent,
            "intake_settings": {"type": "s3", "url": "s3://conformance/in.csv", "credential_id": args.credential_id},
            "output_settings": {
                "type": "jdbc",
                "data_store_id": args.data_store_id,
                "credential_id": args.credential_id,
                "table": "scored",
                "schema": "public",
                "statement_type": "insert",
                "create_table_if_not_exists": True,
            },
            "passthrough_columns_set": "all",
            "max_explanations": 0,
        }

    @step
    def client_bad_token():
        # The SDK's version probe must be rejected with 401 for an unknown token (recent SDKs raise ClientError).
        status = expect_client_error(lambda: dr.Client(token="not-a-valid-token", endpoint=endpoint), {401})
        return {"status": status}

    @step
    def client_bearer():
        # The SDK's other scheme (token_type="Bearer", for OAuth tokens) must be accepted as well.
        rest = dr.Client(token=TOKEN, endpoint=endpoint, token_type="Bearer")
        scheme = rest.token_header["Authorization"].split(" ", 1)[0]
        check(scheme == "Bearer", f"SDK sent scheme {scheme!r}")
        listed = dr.BatchPredictionJobDefinition.list(limit=1)
        return {"authScheme": scheme, "listed": len(listed)}

    @step
    def client():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            rest = dr.Client(token=TOKEN, endpoint=endpoint)
        # Only the scheme of the Authorization header, never the token.
        scheme = rest.token_header["Authorization"].split(" ", 1)[0]
        return {
            "sdkVersion": dr.__version__,
            "authScheme": scheme,
            "warnings": [redact(str(w.message)) for w in caught],
        }

    @step
    def create():
        definition = dr.BatchPredictionJobDefinition.create(
            enabled=False, batch_prediction_job=job_spec(2), name=f"{prefix}-main", schedule=schedule
        )
        spec = definition.batch_prediction_job
        check(len(definition.id) == 24, f"id {definition.id!r} is not a 24-hex ObjectId")
        check(definition.name == f"{prefix}-main", f"name {definition.name!r}")
        check(definition.enabled is False, f"enabled {definition.enabled!r}")
        check(definition.schedule == schedule, f"schedule echoed as {definition.schedule!r}")
        check(spec["num_concurrent"] == 2, f"num_concurrent {spec.get('num_concurrent')!r}")
        check(spec["deployment_id"] == args.deployment_id, f"deployment_id {spec.get('deployment_id')!r}")
        check(spec["intake_settings"]["url"] == "s3://conformance/in.csv", f"intake {spec['intake_settings']!r}")
        check(spec["output_settings"]["table"] == "scored", f"output {spec['output_settings']!r}")
        check(definition.created_by.get("username"), f"created_by {definition.created_by!r}")
        state["definition"] = definition
        return {"id": definition.id, "name": definition.name}

    @step
    def create_duplicate_name():
        status = expect_client_error(
            lambda: dr.BatchPredictionJobDefinition.create(
                enabled=False, batch_prediction_job=job_spec(1), name=f"{prefix}-main"
            ),
            {409, 422},
        )
        return {"status": status}

    @step
    def get():
        definition = dr.BatchPredictionJobDefinition.get(state["definition"].id)
        check(definition == state["definition"], "get returned another id")
        check(definition.name == f"{prefix}-main", f"name {definition.name!r}")
        check(definition.schedule == schedule, f"schedule {definition.schedule!r}")
        check(definition.batch_prediction_job["num_concurrent"] == 2, "num_concurrent changed")
        return {"id": definition.id}

    @step
    def create_more():
        # Two more definitions sharing the prefix, so listing has something to page through.
        ids = []
        for suffix in ("page-a", "page-b"):
            other = dr.BatchPredictionJobDefinition.create(
                enabled=False, batch_prediction_job=job_spec(1), name=f"{prefix}-{suffix}"
            )
            ids.append(other.id)
        state["extra_ids"] = ids
        return {"ids": ids}

    def all_ids():
        return sorted([state["definition"].id, *state["extra_ids"]])

    @step
    def list_search_name():
        found = dr.BatchPredictionJobDefinition.list(search_name=f"{prefix}-main", limit=0)
        check([d.id for d in found] == [state["definition"].id], f"searchName found {[d.name for d in found]}")
        by_prefix = dr.BatchPredictionJobDefinition.list(search_name=prefix, limit=0)
        check(sorted(d.id for d in by_prefix) == all_ids(), f"prefix search found {[d.name for d in by_prefix]}")
        by_deployment = dr.BatchPredictionJobDefinition.list(
            search_name=prefix, deployment_id=args.deployment_id, limit=0
        )
        check(len(by_deployment) == 3, f"deploymentId filter found {len(by_deployment)}")
        return {"count": len(by_prefix)}

    @step
    def list_limit_offset():
        first = dr.BatchPredictionJobDefinition.list(search_name=prefix, limit=2, offset=0)
        second = dr.BatchPredictionJobDefinition.list(search_name=prefix, limit=2, offset=2)
        check(len(first) == 2, f"first page has {len(first)} items")
        check(len(second) == 1, f"second page has {len(second)} items")
        check(sorted(d.id for d in first + second) == all_ids(), "pages overlap or miss items")
        return {"pages": [len(first), len(second)]}

    @step
    def list_follow_next():
        # The SDK's own paginator (what list(limit=0) uses) with a page size of 1: it must follow `next` links.
        params = {"searchName": prefix, "limit": 1}
        items = list(pagination.unpaginate("batchPredictionJobDefinitions/", params, dr.client.get_client()))
        check(sorted(item["id"] for item in items) == all_ids(), f"paginator returned {len(items)} items")
        return {"count": len(items)}

    @step
    def update():
        definition = state["definition"].update(
            enabled=False, name=f"{prefix}-renamed", batch_prediction_job=job_spec(3)
        )
        check(definition.id == state["definition"].id, "update returned another id")
        check(definition.name == f"{prefix}-renamed", f"name {definition.name!r}")
        check(definition.batch_prediction_job["num_concurrent"] == 3, "num_concurrent not updated")
        check(definition.schedule == schedule, f"schedule not preserved by PATCH: {definition.schedule!r}")
        state["definition"] = definition
        return {"id": definition.id, "name": definition.name}

    new_schedule = {"minute": [15, 45], "hour": ["*"], "day_of_month": [1, 15], "month": ["*"], "day_of_week": [1]}

    @step
    def run_on_schedule():
        definition = state["definition"].run_on_schedule(new_schedule)
        check(definition.enabled is True, f"enabled {definition.enabled!r}")
        check(definition.schedule == new_schedule, f"schedule {definition.schedule!r}")
        check(definition.name == f"{prefix}-renamed", "run_on_schedule lost the name")
        check(definition.batch_prediction_job["num_concurrent"] == 3, "run_on_schedule lost num_concurrent")
        again = dr.BatchPredictionJobDefinition.get(definition.id)
        check(again.enabled is True and again.schedule == new_schedule, "schedule not persisted")
        state["definition"] = definition
        return {"enabled": definition.enabled}

    @step
    def run_once():
        job = state["definition"].run_once()
        check(job.id and len(job.id) == 24, f"job id {job.id!r}")
        check(job.status in ("INITIALIZING", "RUNNING", "COMPLETED"), f"status {job.status!r}")
        state["job"] = job
        return {"jobId": job.id, "status": job.status}

    @step
    def wait_for_completion():
        job = state["job"]
        started = time.monotonic()
        job.wait_for_completion(max_wait=args.max_wait)
        check(job.status == "COMPLETED", f"status after wait {job.status!r}")
        return {"status": job.status, "seconds": round(time.monotonic() - started, 1)}

    @step
    def get_status():
        status = state["job"].get_status()
        check(status["status"] == "COMPLETED", f"status {status['status']!r}")
        check(status["percentage_completed"] == 100, f"percentage_completed {status['percentage_completed']!r}")
        check(status["job_spec"]["num_concurrent"] == 3, f"job_spec {status['job_spec']!r}")
        check(status["links"]["self"].rstrip("/").split("/")[-1] == state["job"].id, "links.self has another id")
        return {
            "status": status["status"],
            "scoredRows": status.get("scored_rows"),
            "definitionId": (status.get("batch_prediction_job_definition") or {}).get("id"),
        }

    @step
    def delete():
        definition_id = state["definition"].id
        state["definition"].delete()
        status = expect_client_error(lambda: dr.BatchPredictionJobDefinition.get(definition_id), {404})
        for extra_id in state["extra_ids"]:
            dr.BatchPredictionJobDefinition.get(extra_id).delete()
        remaining = dr.BatchPredictionJobDefinition.list(search_name=prefix, limit=0)
        check(remaining == [], f"{len(remaining)} definitions left after delete")
        return {"getAfterDeleteStatus": status}

    for name, fn in steps:
        try:
            facts = fn() or {}
        except Exception as error:  # noqa: BLE001 - report any failure with its step name
            detail = redact(f"{type(error).__name__}: {error}")
            emit(name, False, error=detail, traceback=redact("".join(traceback.format_exception(error, chain=False))))
            return 1
        emit(name, True, **facts)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deployment-id", default=os.environ.get("CONFORMANCE_DEPLOYMENT_ID"))
    parser.add_argument("--credential-id", default=os.environ.get("CONFORMANCE_CREDENTIAL_ID"))
    parser.add_argument("--data-store-id", default=os.environ.get("CONFORMANCE_DATA_STORE_ID"))
    parser.add_argument("--max-wait", type=int, default=60, help="seconds for wait_for_completion")
    args = parser.parse_args()
    missing = [n for n in ("deployment_id", "credential_id", "data_store_id") if not getattr(args, n)]
    if missing or not os.environ.get("DATAROBOT_ENDPOINT") or not TOKEN:
        emit("arguments", False, error=f"need DATAROBOT_ENDPOINT, DATAROBOT_API_TOKEN and {missing or 'the ids'}")
        return 2
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
