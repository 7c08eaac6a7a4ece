/** XML text for the parts of an .xlsx written by hand: escaping, as SpreadsheetML reads it back. */

/* eslint-disable no-control-regex -- control characters are what these expressions find */
/**
 * What needs escaping in text and attribute values: the markup characters & < > ", the characters XML 1.0
 * forbids or a parser would change (controls but tab and line feed: a carriage return would be read as a line
 * feed; U+FFFE, U+FFFF), and an underscore that starts `_xHHHH_` (which Excel reads as an escaped character).
 */
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b-\u001f\ufffe\uffff]|_(?=x[0-9a-fA-F]{4}_)/;
const ESCAPES = /[&<>"\u0000-\u0008\u000b-\u001f\ufffe\uffff]|_(?=x[0-9a-fA-F]{4}_)/g;
/* eslint-enable no-control-regex */

/** Leading or trailing white space, or a tab or line break: `<t>` needs `xml:space="preserve"` to keep it. */
const STRAY_SPACE = /^\s|\s$|[\t\n\r]/;

function escapeOne(ch: string): string {
  switch (ch) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '"':
      return '&quot;';
    default: {
      // ECMA-376's escape of a character XML cannot carry: _xHHHH_ (the underscore of a literal `_xHHHH_` is `_x005F_`).
      const hex = ch.charCodeAt(0).toString(16).toUpperCase();
      return `_x${'0000'.slice(hex.length)}${hex}_`;
    }
  }
}

/**
 * Text as XML character data or an attribute value, in one pass, and none for text needing nothing (most).
 * Lone surrogates are left to the UTF-8 encoder, which writes U+FFFD for them.
 */
export function escapeXml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPES, escapeOne) : text;
}

/** A `<t>` element of text: escaped, with `xml:space="preserve"` where white space would otherwise be lost. */
export function textElement(text: string): string {
  return STRAY_SPACE.test(text) ? `<t xml:space="preserve">${escapeXml(text)}</t>` : `<t>${escapeXml(text)}</t>`;
}

/** The XML declaration every part starts with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';
