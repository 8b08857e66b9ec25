/**
 * A job-definition schedule in plain words, for people reading previews, the demo and CLI output:
 *   {minute:[0], hour:[2], dayOfMonth:["*"], month:["*"], dayOfWeek:["*"]} → "every day at 02:00 UTC".
 * Accepts any valid spelling (names, unsorted lists): it normalises with the model first.
 */
import { DAY_NAMES, MONTH_NAMES, normalizeSchedule, type CanonicalSchedule } from "../provider/model";

const capitalized = (name: string) => name[0].toUpperCase() + name.slice(1);
const MONTHS = MONTH_NAMES.map(capitalized);
const WEEKDAYS = DAY_NAMES.map(capitalized);
/** Above this many clock times, the times are described as minutes × hours instead of listed. */
const MAX_LISTED_TIMES = 6;

type List = number[] | ["*"];
const isAny = (list: List): list is ["*"] => list.length === 1 && list[0] === "*";

function joinWords(words: string[], conjunction = "and"): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${conjunction} ${words[words.length - 1]}`;
}

const pad = (n: number) => String(n).padStart(2, "0");

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th"}`;
}

function timePart(minutes: List, hours: List): string {
  if (isAny(minutes) && isAny(hours)) return "every minute";
  if (isAny(minutes))
    return `every minute of the hour${hours.length > 1 ? "s" : ""} ${joinWords((hours as number[]).map((h) => `${pad(h)}:00`))}`;
  const minuteWords = joinWords((minutes as number[]).map(String));
  if (isAny(hours)) {
    return `every hour at minute${minutes.length > 1 ? "s" : ""} ${minuteWords}`;
  }
  const times = (hours as number[]).flatMap((h) => (minutes as number[]).map((m) => `${pad(h)}:${pad(m)}`));
  if (times.length <= MAX_LISTED_TIMES) return `at ${joinWords(times)}`;
  return `at minute${minutes.length > 1 ? "s" : ""} ${minuteWords} of hours ${joinWords((hours as number[]).map(String))}`;
}

function dayPart(daysOfMonth: List, weekdays: List): string {
  const monthDays = isAny(daysOfMonth)
    ? ""
    : `on the ${joinWords((daysOfMonth as number[]).map(ordinal))} of the month`;
  const weekDays = isAny(weekdays) ? "" : `on ${joinWords((weekdays as number[]).map((d) => WEEKDAYS[d]))}`;
  if (monthDays && weekDays) return `${monthDays} and ${weekDays}`; // DataRobot runs on either (a union)
  return monthDays || weekDays || "every day";
}

/** "every day at 02:00 UTC", "on Monday and Friday at 06:30 UTC", "on the 1st of the month at 00:00 UTC in January". */
export function describeSchedule(schedule: unknown): string {
  const s = normalizeSchedule(schedule) as CanonicalSchedule;
  const days = dayPart(s.dayOfMonth, s.dayOfWeek);
  const time = timePart(s.minute, s.hour);
  const months = isAny(s.month) ? "" : ` in ${joinWords((s.month as number[]).map((m) => MONTHS[m - 1]))}`;
  if (time.startsWith("every")) {
    // "every minute", "every hour at minute 15": the day part qualifies it.
    return `${time}${days === "every day" ? "" : ` ${days}`}${months} (UTC)`;
  }
  return `${days} ${time} UTC${months}`;
}
