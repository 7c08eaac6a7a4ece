/** Deterministic hashing: every generated fact is a pure function of (seed, subject, salt), so nothing is stored per user. */

/** A 32-bit avalanche mix (murmur3 finaliser). */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of up to four integers, 0..2^32-1. */
export function hash4(a: number, b: number, c = 0, d = 0): number {
  let h = mix32((a ^ 0x9e3779b9) >>> 0);
  h = mix32((h ^ Math.imul(b + 0x7f4a7c15, 0x27d4eb2f)) >>> 0);
  h = mix32((h ^ Math.imul(c + 0x165667b1, 0x85ebca77)) >>> 0);
  h = mix32((h ^ Math.imul(d + 0x3c6ef372, 0xc2b2ae3d)) >>> 0);
  return h;
}

/** Uniform [0, 1) from a hash. */
export function unit(h: number): number {
  return h / 4294967296;
}


/** A small seeded sequence (mulberry32) for draws whose order matters, e.g. random faults. */
export class Sequence {
  private state: number;
  public constructor(seed: number) {
    this.state = (seed ^ 0x5bd1e995) >>> 0;
  }
  public next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** Eight hex digits of a hash. */
export function hex8(h: number): string {
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** A GUID-shaped id derived from (seed, kind, n); stable across runs. */
export function guid(seed: number, kind: number, n: number): string {
  const a = hash4(seed, kind, n, 1);
  const b = hash4(seed, kind, n, 2);
  const c = hash4(seed, kind, n, 3);
  const d = hash4(seed, kind, n, 4);
  const h = hex8(a) + hex8(b) + hex8(c) + hex8(d);
  const variant = '89ab'[d & 3] ?? '8';
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
