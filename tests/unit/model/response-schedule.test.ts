/**
 * A response's schedule is read without building issues zod then discards (bench/README.md, "The provider's own
 * CPU"): each "*" of a valid schedule used to fail a number schema first. Invalid values read as before.
 */
import { flattenResponse, JobDefinitionResponseSchema } from "../../../provider/model";

const definition = (schedule: unknown) => ({
  id: "d1",
  name: "nightly",
  enabled: true,
  schedule,
  batchPredictionJob: { deploymentId: "dep", intakeSettings: { type: "s3" }, outputSettings: { type: "s3" } },
});

describe("a response's schedule", () => {
  it('is parsed without an issue when valid (numbers, number strings, names, "*")', () => {
    let issues = 0;
    const errorMap = (_issue: unknown, context: { defaultError: string }) => {
      issues += 1;
      return { message: context.defaultError };
    };
    const schedule = { minute: [7, "15"], hour: [2], dayOfMonth: ["*"], month: ["jan"], dayOfWeek: ["*"] };
    const parsed = JobDefinitionResponseSchema.safeParse(definition(schedule), { errorMap });
    expect(parsed.success).toBe(true);
    expect(issues).toBe(0);
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
