/** Small reusable field schemas. Messages come from the error map in messages.ts, which knows each field's hint. */
import { z } from "zod";

/** DataRobot ids are 24-hex-character ObjectIds (docs/datarobot-api.md §1.7). */
export const OBJECT_ID_PATTERN = /^[0-9a-fA-F]{24}$/;
export const objectId = () => z.string().regex(OBJECT_ID_PATTERN);

export const nonEmptyString = () => z.string().min(1);

/** Lists of column names: each name non-empty. */
export const columnList = () => z.array(nonEmptyString());

/**
 * An ISO-8601 date or date-time. The API takes datetimes; a plain date is accepted too (the server parses both).
 * The value is kept as written in the canonical form (no reformatting), because the server echoes what it stored.
 */
export const isoDateTime = () =>
  z
    .string()
    .refine(
      (text) => /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) && !isNaN(Date.parse(text)),
      {
        message: 'must be an ISO-8601 date-time — e.g. "2025-01-31T00:00:00Z"',
      },
    );
