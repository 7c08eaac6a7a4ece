/**
 * A unit price and a currency as an admin types them. A number is read only when it can mean one thing: "1,250"
 * may be 1250 (thousands) or 1.25 (a decimal comma), so it is refused with a way to write it, never guessed.
 */
import { priceProblem } from './cost';

/** A typed amount read: its value, or why it was refused (in words). */
export type PriceTextResult = { ok: true; value: number } | { ok: false; problem: string };

/** A typed currency read: its ISO 4217 code (upper-cased), or why it was refused. */
export type CurrencyTextResult = { ok: true; code: string } | { ok: false; problem: string };

const HOW = 'Write a number such as 1250, 1250.50 or 36,50.';

const number = (whole: string, fraction: string | undefined): number => Number(fraction ? `${whole}.${fraction}` : whole);

/** Thousands grouped by `group` ("1,250,000", "1 250,50", "1.250,50"), with an optional decimal part after the other separator. */
function grouped(s: string): number | undefined {
  for (const group of [',', '.', ' ', "'"]) {
    const esc = group === '.' ? '\\.' : group;
    const m = new RegExp(`^(\\d{1,3})((?:${esc}\\d{3})+)(?:([.,])(\\d+))?$`).exec(s);
    if (!m || m[3] === group) continue;
    const groups = (m[2] as string).split(group).length - 1;
    // One "," or "." group and no decimal part is the ambiguous case, told apart before this is reached.
    if (groups === 1 && !m[3] && (group === ',' || group === '.')) continue;
    return number(`${m[1] as string}${(m[2] as string).split(group).join('')}`, m[4]);
  }
  return undefined;
}

/**
 * A unit price as typed: "1250", "1250.5", "1250.50", "36,50" (a comma before one or two digits is a decimal
 * comma), "1,250.50", "1.250,50", "1 250,50". "1,250" or "1.250" (one separator before exactly three digits)
 * could be a thousand or a unit, and is refused; so is anything that is not a number of 0 or more.
 */
export function readPriceText(text: string): PriceTextResult {
  const s = text.trim().replace(/[\u00a0\u202f]/g, ' ');
  if (s === '') return { ok: false, problem: 'Enter a price per unit per month.' };
  if (/^\d+$/.test(s)) return { ok: true, value: Number(s) };
  const single = /^(\d+)([.,])(\d+)$/.exec(s);
  if (single) {
    const [, whole, sep, fraction] = single as unknown as [string, string, string, string];
    // "0,250" cannot be a thousands group: only a leading 1-3 digits other than 0 make the three digits ambiguous.
    if (fraction.length === 3 && whole.length <= 3 && !/^0+$/.test(whole)) {
      const small = String(number(whole, fraction));
      return { ok: false, problem: `"${s}" could be ${whole}${fraction} or ${small}. Write it as ${whole}${fraction} or ${whole}${fraction}.00 (or ${small}).` };
    }
    if (sep === ',' && fraction.length > 3) return { ok: false, problem: `A decimal comma takes one or two digits ("36,50"). ${HOW}` };
    return { ok: true, value: number(whole, fraction) };
  }
  const value = grouped(s);
  if (value !== undefined) return { ok: true, value };
  return { ok: false, problem: `"${s}" is not a price. ${HOW}` };
}

/** A currency as typed: an ISO 4217 code of three letters, upper-cased ("eur" -> "EUR"); anything else is refused. */
export function readCurrencyText(text: string): CurrencyTextResult {
  const code = text.trim().toUpperCase();
  if (/^[A-Z]{3}$/.test(code)) return { ok: true, code };
  return { ok: false, problem: 'The currency is a three-letter ISO 4217 code, such as EUR, USD or GBP.' };
}

/** A price as typed (amount and currency), checked as a kept price is: its values, or the first problem in words. */
export function readPriceInput(amount: string, currency: string): { ok: true; monthly: number; currency: string } | { ok: false; problem: string; field: 'amount' | 'currency' } {
  const a = readPriceText(amount);
  if (!a.ok) return { ok: false, problem: a.problem, field: 'amount' };
  const c = readCurrencyText(currency);
  if (!c.ok) return { ok: false, problem: c.problem, field: 'currency' };
  const why = priceProblem(a.value, c.code);
  if (why) return { ok: false, problem: why, field: 'amount' };
  return { ok: true, monthly: a.value, currency: c.code };
}
