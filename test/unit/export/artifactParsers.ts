/**
 * Small strict readers for the generated artifacts, so their shape is checked without a YAML or XML
 * library: the subset of YAML the workflows use (block maps and lists, `|` block scalars, plain and
 * single-quoted scalars, comments), and well-formed XML (one root, matched tags, quoted attributes,
 * escaped text, comments without `--`). Anything outside the subset throws, rather than being guessed.
 */

export type Yaml = string | boolean | null | Yaml[] | { [key: string]: Yaml };

interface ILine {
  indent: number;
  text: string;
  no: number;
}

function scalar(raw: string, no: number): Yaml {
  const t = raw.trim();
  if (t === '') return null;
  if (t.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(t)) throw new Error(`line ${no}: bad single-quoted scalar ${t}`);
    return t.slice(1, -1).replace(/''/g, "'");
  }
  if (t.startsWith('"')) return JSON.parse(t) as string;
  if (/^[[{&*!|>%@`]/.test(t)) throw new Error(`line ${no}: unsupported scalar ${t}`);
  if (/\s#/.test(t)) throw new Error(`line ${no}: a comment after a value is outside the subset: ${t}`);
  if (t === 'true' || t === 'false') return t === 'true';
  return t;
}

/** Parse the YAML subset; throws on anything else (tabs, bad indentation, flow collections). */
export function parseYaml(text: string): Yaml {
  const raw = text.split('\n');
  const lines: ILine[] = [];
  for (let i = 0; i < raw.length; i++) {
    const l = raw[i] ?? '';
    if (l.includes('\t')) throw new Error(`line ${i + 1}: tab`);
    lines.push({ indent: l.length - l.trimStart().length, text: l.trim(), no: i + 1 });
  }
  let at = 0;
  const skipBlank = (): void => {
    while (at < lines.length && (lines[at]?.text === '' || lines[at]?.text.startsWith('#'))) at++;
  };
  const blockScalar = (parentIndent: number): string => {
    const out: string[] = [];
    let indent: number | undefined;
    while (at < lines.length) {
      const l = lines[at] as ILine;
      if (l.text !== '' && l.indent <= parentIndent) break;
      if (l.text !== '') indent ??= l.indent;
      out.push(l.text === '' ? '' : ' '.repeat(l.indent - (indent ?? l.indent)) + l.text);
      at++;
    }
    while (out.length && out[out.length - 1] === '') out.pop();
    return out.join('\n') + '\n';
  };
  /** A `key: value` pair at `indent`, its value read (nested or block scalar) as needed. */
  const pair = (text: string, indent: number, no: number, into: Record<string, Yaml>): void => {
    const m = /^([A-Za-z0-9_.-]+):(?:\s+(.*))?$/.exec(text);
    if (!m) throw new Error(`line ${no}: not a key: ${text}`);
    const key = m[1] as string;
    if (key in into) throw new Error(`line ${no}: duplicate key ${key}`);
    const rest = m[2];
    if (rest === '|') {
      into[key] = blockScalar(indent);
      return;
    }
    if (rest !== undefined && rest.trim() !== '') {
      into[key] = scalar(rest, no);
      return;
    }
    skipBlank();
    const next = lines[at];
    into[key] = next && next.indent > indent ? block(next.indent) : next && next.indent === indent && next.text.startsWith('- ') ? block(indent) : null;
  };
  const block = (indent: number): Yaml => {
    skipBlank();
    const first = lines[at];
    if (!first) return null;
    if (first.text.startsWith('- ') || first.text === '-') {
      const list: Yaml[] = [];
      for (skipBlank(); at < lines.length; skipBlank()) {
        const l = lines[at] as ILine;
        if (l.indent < indent) break;
        if (l.indent !== indent || !(l.text.startsWith('- ') || l.text === '-')) throw new Error(`line ${l.no}: list item expected at indent ${indent}`);
        const content = l.text.slice(2);
        at++;
        if (/^[A-Za-z0-9_.-]+:(\s|$)/.test(content)) {
          const item: Record<string, Yaml> = {};
          pair(content, indent + 2, l.no, item);
          for (skipBlank(); at < lines.length && (lines[at] as ILine).indent === indent + 2; skipBlank()) {
            const k = lines[at] as ILine;
            at++;
            pair(k.text, k.indent, k.no, item);
          }
          list.push(item);
        } else {
          list.push(scalar(content, l.no));
        }
      }
      return list;
    }
    const map: Record<string, Yaml> = {};
    for (skipBlank(); at < lines.length; skipBlank()) {
      const l = lines[at] as ILine;
      if (l.indent < indent) break;
      if (l.indent > indent) throw new Error(`line ${l.no}: unexpected indentation`);
      if (l.text.startsWith('- ')) break;
      at++;
      pair(l.text, indent, l.no, map);
    }
    return map;
  };
  const doc = block(0);
  skipBlank();
  if (at < lines.length) throw new Error(`line ${lines[at]?.no ?? 0}: left over: ${lines[at]?.text ?? ''}`);
  return doc;
}

/** An XML element as read. */
export interface IXmlElement {
  name: string;
  attrs: Record<string, string>;
  children: IXmlElement[];
  text: string;
  /** Comments before the root (the prolog), for the root only. */
  comments: string[];
}

const unescape = (s: string): string => s.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e] ?? '');

/** Parse well-formed XML (no DTD, no CDATA; prefixed names such as `a:theme` taken whole); throws on anything malformed. */
export function parseXml(text: string): IXmlElement {
  let rest = text.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: IXmlElement[] = [];
  const comments: string[] = [];
  let root: IXmlElement | undefined;
  const checkText = (t: string): void => {
    if (/&(?!(lt|gt|amp|quot|apos);)/.test(t)) throw new Error(`bare & in ${t}`);
  };
  while (rest.length) {
    if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->');
      if (end < 0) throw new Error('unclosed comment');
      const body = rest.slice(4, end);
      if (body.includes('--') || body.endsWith('-')) throw new Error(`"--" inside a comment: ${body}`);
      if (!stack.length) comments.push(body.trim());
      rest = rest.slice(end + 3);
      continue;
    }
    if (rest.startsWith('</')) {
      const m = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(rest);
      const open = stack.pop();
      if (!m || !open || open.name !== m[1]) throw new Error(`mismatched end tag at ${rest.slice(0, 40)}`);
      rest = rest.slice(m[0].length);
      if (!stack.length) root = open;
      continue;
    }
    if (rest.startsWith('<')) {
      const m = /^<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"<]*")*)\s*(\/?)>/.exec(rest);
      if (!m) throw new Error(`bad tag at ${rest.slice(0, 40)}`);
      if (root) throw new Error('a second root element');
      const attrs: Record<string, string> = {};
      for (const a of (m[2] ?? '').matchAll(/([A-Za-z_][\w.:-]*)="([^"]*)"/g)) {
        checkText(a[2] ?? '');
        attrs[a[1] as string] = unescape(a[2] ?? '');
      }
      const el: IXmlElement = { name: m[1] as string, attrs, children: [], text: '', comments: [] };
      stack[stack.length - 1]?.children.push(el);
      rest = rest.slice(m[0].length);
      if (m[3]) {
        if (!stack.length) root = el;
      } else {
        stack.push(el);
      }
      continue;
    }
    const next = rest.indexOf('<');
    const t = next < 0 ? rest : rest.slice(0, next);
    if (!stack.length && t.trim() !== '') throw new Error(`text outside the root: ${t.trim()}`);
    checkText(t);
    const top = stack[stack.length - 1];
    if (top) top.text += unescape(t);
    rest = next < 0 ? '' : rest.slice(next);
  }
  if (stack.length || !root) throw new Error('unclosed elements or no root');
  root.comments = comments;
  return root;
}

/** The first element down a path of names, e.g. ['Actions', 'Exec', 'Command']. */
export function xmlAt(el: IXmlElement, names: readonly string[]): IXmlElement | undefined {
  let cur: IXmlElement | undefined = el;
  for (const n of names) cur = cur?.children.find(c => c.name === n);
  return cur;
}
