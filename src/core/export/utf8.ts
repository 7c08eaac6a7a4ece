/** UTF-8 encoding of the XML: the engine's TextEncoder, or (where there is none, as in jsdom) a plain loop. */

/** An encoder function: text in, UTF-8 bytes out; lone surrogates become U+FFFD, as TextEncoder writes them. */
export function utf8Encoder(): (text: string) => Uint8Array {
  if (typeof TextEncoder === 'function') {
    const encoder = new TextEncoder();
    return (text) => encoder.encode(text);
  }
  return encodeUtf8;
}

export function encodeUtf8(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      out[n++] = code;
      continue;
    }
    if (code < 0x800) {
      out[n++] = 0xc0 | (code >> 6);
      out[n++] = 0x80 | (code & 0x3f);
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
        out[n++] = 0xf0 | (code >> 18);
        out[n++] = 0x80 | ((code >> 12) & 0x3f);
        out[n++] = 0x80 | ((code >> 6) & 0x3f);
        out[n++] = 0x80 | (code & 0x3f);
        continue;
      }
      code = 0xfffd; // a lone surrogate
    }
    out[n++] = 0xe0 | (code >> 12);
    out[n++] = 0x80 | ((code >> 6) & 0x3f);
    out[n++] = 0x80 | (code & 0x3f);
  }
  return out.slice(0, n);
}
