/**
 * The small parts of an .xlsx package (ECMA-376 Part 1, SpreadsheetML; Part 2, packaging), written as the
 * package SheetJS wrote before: the same sheets, names, autofilters, number formats, font and document
 * properties. The sheets and the shared strings are written by xlsxStream.ts.
 */
import { XML_DECLARATION, escapeXml } from './xml';

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT_SHEET = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

/** What the workbook part says of one sheet. */
export interface ISheetEntry {
  name: string;
  /** `A1:P100001`: the autofilter's range, or undefined for none. */
  filter: string | undefined;
}

/** The sheet part's opening: namespaces, used range and view. */
export function worksheetOpening(ref: string): string {
  return `${XML_DECLARATION}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><dimension ref="${ref}"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>`;
}

/** `<cols>` of widths in characters, as Excel stores them: the digit width (6 px at 11 pt Calibri) plus 5 px padding, in 1/256ths. */
export function colsXml(widths: ReadonlyArray<number>): string {
  if (widths.length === 0) return '';
  let xml = '<cols>';
  widths.forEach((wch, c) => {
    const width = Math.round(((wch * 6 + 5) / 6) * 256) / 256;
    xml += `<col min="${c + 1}" max="${c + 1}" width="${width}" customWidth="1"/>`;
  });
  return `${xml}</cols>`;
}

/** The sheet part's end, after `</sheetData>`: the autofilter and no "number stored as text" warnings. */
export function worksheetClosing(ref: string, filter: boolean): string {
  // A one-cell range is written as its cell (`A1`), as SheetJS wrote the autofilter's.
  const [from, to] = ref.split(':');
  const filterRef = from === to ? from : ref;
  return `${filter ? `<autoFilter ref="${filterRef}"/>` : ''}<ignoredErrors><ignoredError numberStoredAsText="1" sqref="${ref}"/></ignoredErrors></worksheet>`;
}

/** A sheet name as a formula reference: always quoted (valid for every name), apostrophes doubled. */
function quotedSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** `A1:P100001` -> `$A$1:$P$100001`. */
function absolute(ref: string): string {
  return ref.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
}

export function workbookXml(sheets: ReadonlyArray<ISheetEntry>): string {
  let xml = `${XML_DECLARATION}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><workbookPr/><sheets>`;
  sheets.forEach((sheet, i) => { xml += `<sheet name="${escapeXml(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`; });
  xml += '</sheets>';
  const filters = sheets.map((sheet, i) => sheet.filter === undefined ? '' : `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${escapeXml(`${quotedSheet(sheet.name)}!${absolute(sheet.filter)}`)}</definedName>`).join('');
  if (filters) xml += `<definedNames>${filters}</definedNames>`;
  return `${xml}</workbook>`;
}

export function workbookRelsXml(sheetCount: number, sharedStrings: boolean): string {
  let xml = `${XML_DECLARATION}<Relationships xmlns="${NS_PKG_REL}">`;
  for (let i = 1; i <= sheetCount; i++) xml += `<Relationship Id="rId${i}" Type="${REL_TYPE}/worksheet" Target="worksheets/sheet${i}.xml"/>`;
  let id = sheetCount;
  if (sharedStrings) xml += `<Relationship Id="rId${++id}" Type="${REL_TYPE}/sharedStrings" Target="sharedStrings.xml"/>`;
  xml += `<Relationship Id="rId${++id}" Type="${REL_TYPE}/theme" Target="theme/theme1.xml"/>`;
  xml += `<Relationship Id="rId${++id}" Type="${REL_TYPE}/styles" Target="styles.xml"/>`;
  return `${xml}</Relationships>`;
}

export function rootRelsXml(): string {
  return `${XML_DECLARATION}<Relationships xmlns="${NS_PKG_REL}">`
    + `<Relationship Id="rId1" Type="${REL_TYPE}/officeDocument" Target="xl/workbook.xml"/>`
    + `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>`
    + `<Relationship Id="rId3" Type="${REL_TYPE}/extended-properties" Target="docProps/app.xml"/>`
    + '</Relationships>';
}

export function contentTypesXml(sheetCount: number, sharedStrings: boolean): string {
  const override = (part: string, type: string): string => `<Override PartName="${part}" ContentType="${type}"/>`;
  let xml = `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
    + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    + '<Default Extension="xml" ContentType="application/xml"/>'
    + override('/xl/workbook.xml', `${CT_SHEET}.sheet.main+xml`);
  for (let i = 1; i <= sheetCount; i++) xml += override(`/xl/worksheets/sheet${i}.xml`, `${CT_SHEET}.worksheet+xml`);
  if (sharedStrings) xml += override('/xl/sharedStrings.xml', `${CT_SHEET}.sharedStrings+xml`);
  xml += override('/xl/theme/theme1.xml', 'application/vnd.openxmlformats-officedocument.theme+xml')
    + override('/xl/styles.xml', `${CT_SHEET}.styles+xml`)
    + override('/docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml')
    + override('/docProps/app.xml', 'application/vnd.openxmlformats-officedocument.extended-properties+xml');
  return `${xml}</Types>`;
}

/** Core properties: none set (as before: no title, author or dates). */
export function corePropsXml(): string {
  return `${XML_DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>`;
}

/** Extended properties: the application and the sheets' titles, as Excel lists them. */
export function appPropsXml(names: ReadonlyArray<string>): string {
  const vt = 'http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes';
  const titles = names.map((name) => `<vt:lpstr>${escapeXml(name)}</vt:lpstr>`).join('');
  return `${XML_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="${vt}">`
    + '<Application>M365 Impressions</Application>'
    + `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${names.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>`
    + `<TitlesOfParts><vt:vector size="${names.length}" baseType="lpstr">${titles}</vt:vector></TitlesOfParts></Properties>`;
}

/**
 * Built-in number formats (ECMA-376 Part 1, 18.8.30) that read the same in every locale; other codes are
 * declared as custom formats from 164, the first id the standard leaves to files.
 */
const BUILT_IN_FORMATS: Readonly<Record<string, number>> = {
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  '0.00E+00': 11,
  '@': 49
};

/** Cell styles: one per number format, in first-use order after the default (index 0, General). */
export class CellStyles {
  private readonly byFormat = new Map<string, number>();

  /** The `s` index of a number format. */
  public index(format: string): number {
    let s = this.byFormat.get(format);
    if (s === undefined) {
      s = this.byFormat.size + 1;
      this.byFormat.set(format, s);
    }
    return s;
  }

  public xml(): string {
    const custom: string[] = [];
    let xfs = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
    for (const format of this.byFormat.keys()) {
      let id = BUILT_IN_FORMATS[format];
      if (id === undefined) {
        id = 164 + custom.length;
        custom.push(`<numFmt numFmtId="${id}" formatCode="${escapeXml(format)}"/>`);
      }
      xfs += `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`;
    }
    return `${XML_DECLARATION}<styleSheet xmlns="${NS_MAIN}">`
      + (custom.length ? `<numFmts count="${custom.length}">${custom.join('')}</numFmts>` : '')
      // The font SheetJS wrote: Calibri 12, the theme's text colour and minor (body) font.
      + '<fonts count="1"><font><sz val="12"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts>'
      + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
      + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
      + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
      + `<cellXfs count="${this.byFormat.size + 1}">${xfs}</cellXfs>`
      + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
      + '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleMedium4"/></styleSheet>';
  }
}

/**
 * The theme the styles' font and colour refer to: the Office theme's colours and fonts (Cambria headings,
 * Calibri body), with plain fills, lines and effects (DrawingML requires three of each; cells use none).
 */
export function themeXml(): string {
  const a = 'http://schemas.openxmlformats.org/drawingml/2006/main';
  const srgb = (name: string, rgb: string): string => `<a:${name}><a:srgbClr val="${rgb}"/></a:${name}>`;
  const colours = '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
    + srgb('dk2', '1F497D') + srgb('lt2', 'EEECE1') + srgb('accent1', '4F81BD') + srgb('accent2', 'C0504D') + srgb('accent3', '9BBB59')
    + srgb('accent4', '8064A2') + srgb('accent5', '4BACC6') + srgb('accent6', 'F79646') + srgb('hlink', '0000FF') + srgb('folHlink', '800080');
  const font = (name: string, latin: string): string => `<a:${name}><a:latin typeface="${latin}"/><a:ea typeface=""/><a:cs typeface=""/></a:${name}>`;
  const fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>';
  const line = (w: number): string => `<a:ln w="${w}">${fill}</a:ln>`;
  const effect = '<a:effectStyle><a:effectLst/></a:effectStyle>';
  return `${XML_DECLARATION}<a:theme xmlns:a="${a}" name="Office Theme"><a:themeElements>`
    + `<a:clrScheme name="Office">${colours}</a:clrScheme>`
    + `<a:fontScheme name="Office">${font('majorFont', 'Cambria')}${font('minorFont', 'Calibri')}</a:fontScheme>`
    + `<a:fmtScheme name="Office"><a:fillStyleLst>${fill.repeat(3)}</a:fillStyleLst><a:lnStyleLst>${line(9525)}${line(25400)}${line(38100)}</a:lnStyleLst>`
    + `<a:effectStyleLst>${effect.repeat(3)}</a:effectStyleLst><a:bgFillStyleLst>${fill.repeat(3)}</a:bgFillStyleLst></a:fmtScheme>`
    + '</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>';
}
