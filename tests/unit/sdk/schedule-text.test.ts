import { describeSchedule } from "../../../sdk/schedule-text";

const any: unknown[] = ["*"];
const schedule = (minute: unknown[], hour: unknown[], dayOfMonth = any, month = any, dayOfWeek = any) => ({
  minute,
  hour,
  dayOfMonth,
  month,
  dayOfWeek,
});

describe("describeSchedule", () => {
  it.each([
    [schedule([0], [2]), "every day at 02:00 UTC"],
    [schedule([30], [6], any, any, ["mon", "fri"]), "on Monday and Friday at 06:30 UTC"],
    [schedule([0], [0, 12]), "every day at 00:00 and 12:00 UTC"],
    [schedule([0], [0], [1], ["jan"]), "on the 1st of the month at 00:00 UTC in January"],
    [schedule([0], [1], [1, 15], any, ["sun"]), "on the 1st and 15th of the month and on Sunday at 01:00 UTC"],
    [schedule([15], any), "every hour at minute 15 (UTC)"],
    [
      schedule([0, 30], any, any, any, [1, 2, 3, 4, 5]),
      "every hour at minutes 0 and 30 on Monday, Tuesday, Wednesday, Thursday and Friday (UTC)",
    ],
    [schedule(any, any), "every minute (UTC)"],
    [schedule([0, 15, 30, 45], [1, 2]), "every day at minutes 0, 15, 30 and 45 of hours 1 and 2 UTC"],
    [
      schedule([5], [23], [22, 21, 23], ["December", "june"]),
      "on the 21st, 22nd and 23rd of the month at 23:05 UTC in June and December",
    ],
  ])("%j → %s", (input, text) => {
    expect(describeSchedule(input)).toBe(text);
  });
});
