/** Escaping of text for the hand-written parts, and the UTF-8 encoder used where the engine has none. */
import { escapeXml, textElement } from '../../../src/core/export/xml';
import { encodeUtf8, utf8Encoder } from '../../../src/core/export/utf8';

describe('escapeXml', () => {
  it('leaves ordinary text as it is (the same string)', () => {
    const text = 'Adele Vance, Research and Development — 漢字 مرحبا 👩‍💻';
    expect(escapeXml(text)).toBe(text);
  });

  it.each([
    ['a & b < c > d "e"', 'a &amp; b &lt; c &gt; d &quot;e&quot;'],
    ["it's", "it's"],
    ['bell\u0007 nul\u0000 esc\u001b', 'bell_x0007_ nul_x0000_ esc_x001B_'],
    ['cr\r\nlf', 'cr_x000D_\nlf'],
    ['tab\tline\n', 'tab\tline\n'],
    ['\ufffe\uffff', '_xFFFE__xFFFF_'],
    ['_x0041_ and _x00e9_', '_x005F_x0041_ and _x005F_x00e9_'],
    ['_x41_ _xZZZZ_ snake_case_x', '_x41_ _xZZZZ_ snake_case_x']
  ])('%j -> %j', (text, xml) => {
    expect(escapeXml(text)).toBe(xml);
  });

  it('keeps white space at the ends and tabs and line breaks with xml:space="preserve"', () => {
    expect(textElement('plain')).toBe('<t>plain</t>');
    expect(textElement(' lead')).toBe('<t xml:space="preserve"> lead</t>');
    expect(textElement('trail ')).toBe('<t xml:space="preserve">trail </t>');
    expect(textElement('\t=1+1')).toBe('<t xml:space="preserve">\t=1+1</t>');
    expect(textElement('a\r\nb')).toBe('<t xml:space="preserve">a_x000D_\nb</t>');
  });
});

describe('encodeUtf8', () => {
  it.each(['', 'ascii', 'é ü ß', '漢字テキスト', 'مرحبا بالعالم', '👩‍💻 🇩🇪', 'lone \ud800 high', 'lone \udc00 low', 'end \ud83d'])('%j as TextEncoder encodes it', (text) => {
    expect(Array.from(encodeUtf8(text))).toEqual(Array.from(new TextEncoder().encode(text)));
  });

  it('is what utf8Encoder gives where TextEncoder is missing', () => {
    const saved = globalThis.TextEncoder;
    try {
      (globalThis as { TextEncoder?: unknown }).TextEncoder = undefined;
      expect(utf8Encoder()).toBe(encodeUtf8);
    } finally {
      globalThis.TextEncoder = saved;
    }
    expect(utf8Encoder()).not.toBe(encodeUtf8);
  });
});
