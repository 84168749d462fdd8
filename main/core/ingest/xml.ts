/**
 * The little XML an .xlsx needs, by string search rather than a general parser: a worksheet is a
 * long, regular run of `<row><c><v>` elements, and a full SAX parse of each cell (what exceljs does)
 * was the bottleneck at a million rows.
 */

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** OOXML writes control characters (and a literal `_x`) as `_xHHHH_`. */
const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

export function decodeXmlText(s: string): string {
  let out = s;
  if (out.includes('&')) {
    out = out.replace(
      ENTITY,
      (_m, hex: string | undefined, dec: string | undefined, name: string | undefined) =>
        hex !== undefined
          ? String.fromCodePoint(parseInt(hex, 16))
          : dec !== undefined
            ? String.fromCodePoint(parseInt(dec, 10))
            : NAMED[name!]!,
    );
  }
  if (out.includes('_x'))
    out = out.replace(OOXML_ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return out;
}

/**
 * The text of a string item (`<si>` or `<is>` content): its `<t>` elements joined, leaving out
 * phonetic guides (`<rPh>`), entities decoded.
 */
export function collectText(inner: string): string {
  if (inner.startsWith('<t>') && inner.endsWith('</t>') && inner.indexOf('<', 3) === inner.length - 4) {
    return decodeXmlText(inner.slice(3, -4));
  }
  let out = '';
  let i = 0;
  while (i < inner.length) {
    const lt = inner.indexOf('<', i);
    if (lt < 0) break;
    if (inner.startsWith('<rPh', lt)) {
      const end = inner.indexOf('</rPh>', lt);
      if (end < 0) break;
      i = end + 6;
      continue;
    }
    const next = inner.charCodeAt(lt + 2);
    const isT = inner.charCodeAt(lt + 1) === 116 && (next === 62 || next === 32 || next === 47); // <t> <t … <t/
    const gt = inner.indexOf('>', lt);
    if (gt < 0) break;
    if (!isT || inner.charCodeAt(gt - 1) === 47) {
      i = gt + 1;
      continue;
    }
    const close = inner.indexOf('</t>', gt);
    if (close < 0) break;
    out += inner.slice(gt + 1, close);
    i = close + 4;
  }
  return decodeXmlText(out);
}

/** The value of attribute `name` in the tag text `tag` (`r="A1"` or `r='A1'`), else null. */
export function attribute(tag: string, name: string): string | null {
  let i = tag.indexOf(` ${name}=`);
  if (i < 0) return null;
  i += name.length + 2;
  const quote = tag.charCodeAt(i);
  if (quote !== 34 && quote !== 39) return null;
  const end = tag.indexOf(quote === 34 ? '"' : "'", i + 1);
  return end < 0 ? null : tag.slice(i + 1, end);
}

/** What the start of an XML document shows before its root element. */
export type Prolog = 'root' | 'declaration' | 'incomplete';

/**
 * Reads past the XML declaration, processing instructions and comments to the root element. A `<!`
 * declaration there is a DOCTYPE: it can define entities (billion laughs, external files), and the
 * Open Packaging Conventions forbid it in a workbook's parts, so no spreadsheet application writes one.
 */
export function readProlog(head: string): Prolog {
  let i = 0;
  while (true) {
    const lt = head.indexOf('<', i);
    if (lt < 0 || lt + 4 > head.length) return 'incomplete';
    const close = head.startsWith('<?', lt) ? '?>' : head.startsWith('<!--', lt) ? '-->' : null;
    if (close === null) return head.charCodeAt(lt + 1) === 33 /* ! */ ? 'declaration' : 'root';
    const end = head.indexOf(close, lt + 2);
    if (end < 0) return 'incomplete';
    i = end + close.length;
  }
}
