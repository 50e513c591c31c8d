/**
 * Cron expressions: 5 fields (`minute hour day-of-month month day-of-week`) or 6 with a leading
 * `second`, or a macro (`@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`,
 * `@hourly`). A field is `*`, `?` (day fields), a number, a range `a-b`, a step (`* /n`, `a-b/n`,
 * `a/n`) or a comma list of those; months and weekdays also by name (`JAN`, `MON`); weekday 7 is
 * Sunday. When both day fields are restricted, a day matches if either does (as in classic cron).
 */
import { InvalidArgument } from '../concepts/index.js';

/** The allowed values of each field, as sorted lists. */
export interface CronFields {
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
  /** Both day fields restricted: a day matches when either matches. */
  readonly dayOr: boolean;
}

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Index of `names[0]`. */
  readonly nameBase?: number;
  readonly question?: boolean;
}

const SECOND: FieldSpec = { name: 'second', min: 0, max: 59 };
const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23 };
const DOM: FieldSpec = { name: 'day-of-month', min: 1, max: 31, question: true };
const MONTH: FieldSpec = { name: 'month', min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 };
const DOW: FieldSpec = { name: 'day-of-week', min: 0, max: 7, names: DAY_NAMES, nameBase: 0, question: true };

function bad(text: string, why: string): InvalidArgument {
  return new InvalidArgument(`invalid cron schedule ${JSON.stringify(text)}: ${why}`, {
    hint: 'use 5 fields "minute hour day-of-month month day-of-week" (6 with a leading second), e.g. "*/15 * * * *", or @hourly, @daily, @weekly, @monthly, @yearly',
  });
}

function value(token: string, spec: FieldSpec, text: string): number {
  const upper = token.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  if (named >= 0) {
    return named + (spec.nameBase ?? 0);
  }
  if (!/^\d+$/.test(token)) {
    throw bad(text, `${spec.name} field: ${JSON.stringify(token)} is not a number`);
  }
  const n = Number(token);
  if (n < spec.min || n > spec.max) {
    throw bad(text, `${spec.name} field: ${n} is outside ${spec.min}-${spec.max}`);
  }
  return n;
}

/** The values one field allows; `restricted` is false for `*` and `?`. */
function parseField(field: string, spec: FieldSpec, text: string): { values: number[]; restricted: boolean } {
  if (field === '*' || (field === '?' && spec.question === true)) {
    return { values: range(spec.min, spec.max, 1), restricted: false };
  }
  const values = new Set<number>();
  for (const item of field.split(',')) {
    const [base = '', stepText, extra] = item.split('/');
    if (extra !== undefined || base === '') {
      throw bad(text, `${spec.name} field: ${JSON.stringify(item)} is not a value, range or step`);
    }
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) {
        throw bad(text, `${spec.name} field: the step in ${JSON.stringify(item)} must be a positive number`);
      }
      step = Number(stepText);
    }
    let from: number;
    let to: number;
    if (base === '*') {
      [from, to] = [spec.min, spec.max];
    } else if (base.includes('-')) {
      const [a = '', b = '', more] = base.split('-');
      if (more !== undefined) {
        throw bad(text, `${spec.name} field: ${JSON.stringify(item)} is not a range`);
      }
      [from, to] = [value(a, spec, text), value(b, spec, text)];
      if (from > to) {
        throw bad(text, `${spec.name} field: the range ${JSON.stringify(base)} goes backwards`);
      }
    } else {
      from = value(base, spec, text);
      to = stepText === undefined ? from : spec.max;
    }
    for (const v of range(from, to, step)) {
      values.add(v);
    }
  }
  return { values: [...values].sort((a, b) => a - b), restricted: true };
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) {
    out.push(v);
  }
  return out;
}

/** Parses a cron expression; throws `InvalidArgument` naming the bad field. */
export function parseCronExpression(text: string): CronFields {
  const trimmed = text.trim();
  const expanded = trimmed.startsWith('@') ? MACROS[trimmed.toLowerCase()] : trimmed;
  if (expanded === undefined) {
    throw bad(text, `unknown macro ${trimmed}`);
  }
  const fields = expanded.split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    throw bad(text, `expected 5 or 6 fields, got ${fields.length}`);
  }
  const [sec, min, hour, dom, month, dow] = fields.length === 6 ? fields : ['0', ...fields];
  const days = parseField(dom as string, DOM, text);
  const weekdays = parseField(dow as string, DOW, text);
  return {
    seconds: parseField(sec as string, SECOND, text).values,
    minutes: parseField(min as string, MINUTE, text).values,
    hours: parseField(hour as string, HOUR, text).values,
    daysOfMonth: new Set(days.values),
    months: new Set(parseField(month as string, MONTH, text).values),
    daysOfWeek: new Set(weekdays.values.map((d) => d % 7)),
    dayOr: days.restricted && weekdays.restricted,
  };
}

/** Whether the calendar day matches the day and month fields. */
export function matchesDay(fields: CronFields, month: number, day: number, weekday: number): boolean {
  if (!fields.months.has(month)) {
    return false;
  }
  const dom = fields.daysOfMonth.has(day);
  const dow = fields.daysOfWeek.has(weekday);
  return fields.dayOr ? dom || dow : dom && dow;
}
