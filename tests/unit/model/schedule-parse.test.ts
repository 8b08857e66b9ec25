/**
 * A schedule, in the inputs and in a response, is parsed without building issues zod then discards (bench/README.md,
 * "The provider's own CPU"): each "*" or name of a valid schedule used to fail a number schema first, and the inputs'
 * error map wrote a message with a hint for each. Invalid values read as before.
 */
import { flattenResponse, JobDefinitionResponseSchema, validateInputs } from "../../../provider/model";
import { ScheduleSchema } from "../../../provider/model/schedule";

const definition = (schedule: unknown) => ({
  id: "d1",
  name: "nightly",
  enabled: true,
  schedule,
  batchPredictionJob: { deploymentId: "dep", intakeSettings: { type: "s3" }, outputSettings: { type: "s3" } },
});

/** A zod error map that counts the issues zod builds. */
function counting() {
  const counter = {
    issues: 0,
    errorMap: (_issue: unknown, context: { defaultError: string }) => {
      counter.issues += 1;
      return { message: context.defaultError };
    },
  };
  return counter;
}

describe("the inputs' schedule", () => {
  it("is parsed without an issue when valid", () => {
    const counter = counting();
    const schedule = { minute: [7, "15"], hour: [2], dayOfMonth: ["*"], month: ["jan"], dayOfWeek: ["*"] };
    expect(ScheduleSchema.safeParse(schedule, { errorMap: counter.errorMap }).success).toBe(true);
    expect(counter.issues).toBe(0);
  });

  it("names each element that is neither a number nor a string, as before", () => {
    const result = validateInputs({
      name: "nightly",
      deploymentId: "64b000000000000000000d01",
      intakeSettings: { type: "s3", url: "s3://bucket/in.csv" },
      outputSettings: { type: "s3", url: "s3://bucket/out.csv" },
      schedule: { minute: [true], hour: [null], dayOfMonth: ["*"], month: [[1]], dayOfWeek: [1.5] },
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues).toEqual([
      {
        path: "schedule.minute[0]",
        message:
          'true is not valid — all five schedule keys are required — use ["*"] for every minute or a list such as [0, 30]',
      },
      {
        path: "schedule.hour[0]",
        message:
          'null is not valid — all five schedule keys are required — use ["*"] for every hour or a list such as [2]',
      },
      {
        path: "schedule.month[0]",
        message:
          '[1] is not valid — all five schedule keys are required — use ["*"] for every month or a list such as ["jan", 7]',
      },
      {
        path: "schedule.dayOfWeek[0]",
        message:
          '1.5 is not a valid weekday — use integers 0-6 or a name such as "sun" or "sunday" (Sunday = 0), or ["*"] for every weekday',
      },
    ]);
  });
});

describe("a response's schedule", () => {
  it('is parsed without an issue when valid (numbers, number strings, names, "*")', () => {
    const counter = counting();
    const schedule = { minute: [7, "15"], hour: [2], dayOfMonth: ["*"], month: ["jan"], dayOfWeek: ["*"] };
    const parsed = JobDefinitionResponseSchema.safeParse(definition(schedule), { errorMap: counter.errorMap });
    expect(parsed.success).toBe(true);
    expect(counter.issues).toBe(0);
    expect(flattenResponse(definition(schedule)).schedule).toEqual(schedule);
  });

  it("names each value that is neither a number nor a string, as before", () => {
    const schedule = { minute: [true], hour: [null], dayOfMonth: [{}], month: [[1]], dayOfWeek: "*" };
    expect(() => flattenResponse(definition(schedule))).toThrow(
      "unexpected job definition response from the DataRobot API: schedule.minute[0]: Invalid input; " +
        "schedule.hour[0]: Invalid input; schedule.dayOfMonth[0]: Invalid input; schedule.month[0]: Invalid input; " +
        "schedule.dayOfWeek: Expected array, received string",
    );
  });
});
