import { PLAIN, bytesScale, formatBytes, formatCell, formatScaled, formatSeconds } from '../../../src/ui/common/format';
import { formatDayTick, formatTick, formatValue, maxOf, niceTicks, periodLabel, scaleFor, seriesLabel } from '../../../src/ui/usage/model/format';

const GB = 1024 ** 3;
const TB = 1024 ** 4;

describe('usage number formatting', () => {
  it('shows bytes in GB, or TB from 1 TB up, with sensible precision', () => {
    expect(formatBytes(4_190_224_715_141)).toBe('3.81 TB');
    expect(formatBytes(105_571_236_657)).toBe('98.3 GB');
    expect(formatBytes(2 * GB)).toBe('2 GB');
    expect(formatBytes(1536 * GB)).toBe('1.5 TB');
    expect(formatBytes(512 * 1024 * 1024)).toBe('512 MB');
    expect(formatBytes(null)).toBe('—');
  });

  it('picks one scale for a whole axis from its largest value', () => {
    expect(bytesScale(3.2 * TB)).toEqual({ divisor: TB, suffix: 'TB' });
    expect(bytesScale(900 * GB)).toEqual({ divisor: GB, suffix: 'GB' });
    expect(bytesScale(0)).toEqual({ divisor: GB, suffix: 'GB' });
    expect(scaleFor('bytes', [GB, 2 * TB, 5])).toEqual({ divisor: TB, suffix: 'TB' });
    expect(scaleFor('count', [2 * TB])).toBe(PLAIN);
    // In a TB chart a 98 GB series reads as a fraction of a TB, not as "98 GB".
    expect(formatScaled(105_571_236_657, bytesScale(4 * TB))).toBe('0.1 TB');
    expect(formatScaled(4_190_224_715_141, bytesScale(4 * TB))).toBe('3.81 TB');
  });

  it('formats values by unit: counts grouped, seconds as time, days with their word', () => {
    expect(formatValue(12345, 'count')).toBe('12,345');
    expect(formatValue(3725, 'seconds')).toBe('1 h 02 min');
    expect(formatValue(1, 'days')).toBe('1 day');
    expect(formatValue(30, 'days')).toBe('30 days');
    expect(formatValue(null, 'count')).toBe('—');
    expect(formatValue('PT1H', 'count')).toBe('PT1H');
    expect(formatSeconds(63)).toBe('1 min 03 s');
    expect(formatSeconds(9)).toBe('9 s');
  });

  it('keeps axis ticks short', () => {
    expect(formatTick(950, PLAIN)).toBe('950');
    expect(formatTick(12_500, PLAIN)).toBe('12.5K');
    expect(formatTick(3_400_000, PLAIN)).toBe('3.4M');
    expect(formatTick(2 * TB, bytesScale(3 * TB))).toBe('2');
  });

  it('makes round ticks in the shown unit, ending above the largest value', () => {
    expect(niceTicks(216, PLAIN)).toEqual([0, 50, 100, 150, 200, 250]);
    expect(niceTicks(140, PLAIN)).toEqual([0, 50, 100, 150]);
    expect(niceTicks(3, PLAIN)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0, PLAIN)).toEqual([0, 1]);
    const tb = niceTicks(4_190_224_715_141, bytesScale(4_190_224_715_141)).map(t => Math.round((t / TB) * 1000) / 1000);
    expect(tb).toEqual([0, 1, 2, 3, 4]);
    expect(maxOf([{ a: 1, b: 7 }, { a: 3, b: null }], ['a', 'b'])).toBe(7);
  });

  it('labels dates, series and periods', () => {
    expect(formatDayTick('2026-11-19')).toBe('Nov 19');
    expect(formatDayTick('Windows')).toBe('Windows');
    expect(seriesLabel('Storage Used (Byte)')).toBe('Storage Used');
    expect(seriesLabel('Send')).toBe('Send');
    expect(periodLabel('D180')).toBe('Last 180 days');
  });

  it('shows an impression\'s cells with the same bytes and times as the usage views, ISO durations included', () => {
    expect(formatCell(105_571_236_657, 'bytes')).toBe(formatBytes(105_571_236_657));
    expect(formatCell(3723, 'seconds')).toBe('1 h 02 min');
    expect(formatCell('PT1H2M3S')).toBe('1 h 02 min');
    expect(formatCell('PT0S')).toBe('0 s');
    expect(formatCell('Prague')).toBe('Prague');
    expect(formatCell(null)).toBe('—');
  });
});
