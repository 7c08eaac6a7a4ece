import { readCurrencyText, readPriceInput, readPriceText } from '../../../src/core/licences/priceText';

const value = (text: string): number | string => { const r = readPriceText(text); return r.ok ? r.value : `refused: ${r.problem}`; };

describe('a unit price as an admin types it', () => {
  it('reads plain numbers, a decimal point, and a comma before one or two digits as a decimal comma', () => {
    expect(value('1250')).toBe(1250);
    expect(value(' 1250.5 ')).toBe(1250.5);
    expect(value('1250.50')).toBe(1250.5);
    expect(value('36,50')).toBe(36.5);
    expect(value('36,5')).toBe(36.5);
    expect(value('0,250')).toBe(0.25); // a leading 0 is never a thousands group
  });

  it('reads thousands separators only when the number cannot mean anything else', () => {
    expect(value('1,250.50')).toBe(1250.5);
    expect(value('1,234.50')).toBe(1234.5);
    expect(value('1.250,50')).toBe(1250.5);
    expect(value('1 250,50')).toBe(1250.5);
    expect(value('1\u00a0250,50')).toBe(1250.5);
    expect(value('1 250')).toBe(1250);
    expect(value('1,250,000')).toBe(1250000);
  });

  it('refuses "1,250" (a thousand, or 1.25?) and says how to write it, never guessing', () => {
    const r = readPriceText('1,250');
    expect(r).toEqual({ ok: false, problem: expect.stringContaining('Write it as 1250 or 1250.00') });
    expect(readPriceText('1.250').ok).toBe(false);
    expect(readPriceText('1,25,0').ok).toBe(false);
    expect(readPriceText('36,5000').ok).toBe(false);
    expect(readPriceText('1,250,50').ok).toBe(false);
    expect(readPriceText('EUR 36').ok).toBe(false);
    expect(readPriceText('-3').ok).toBe(false);
    expect(readPriceText('').ok).toBe(false);
  });

  it('takes a currency as three letters, upper-cased, and refuses anything else', () => {
    expect(readCurrencyText(' eur ')).toEqual({ ok: true, code: 'EUR' });
    expect(readCurrencyText('€').ok).toBe(false);
    expect(readCurrencyText('EURO').ok).toBe(false);
    expect(readCurrencyText('E1R').ok).toBe(false);
  });

  it('checks amount and currency together as a kept price is checked', () => {
    expect(readPriceInput('36,50', 'usd')).toEqual({ ok: true, monthly: 36.5, currency: 'USD' });
    expect(readPriceInput('1,250', 'EUR')).toMatchObject({ ok: false, field: 'amount' });
    expect(readPriceInput('36', 'dollars')).toMatchObject({ ok: false, field: 'currency' });
    expect(readPriceInput('2000000', 'EUR')).toMatchObject({ ok: false, problem: expect.stringMatching(/more than 1,000,000/) });
  });
});
