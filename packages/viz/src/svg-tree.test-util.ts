/**
 * A minimal XML reader for the tests: enough for vega's SVG output (elements, attributes, text, no DTD).
 * It throws on malformed markup (unbalanced or mismatched tags, text outside the root), so parsing is
 * itself the well-formedness check.
 */
export interface SvgNode {
  name: string;
  attrs: Record<string, string>;
  children: SvgNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    const v = ENTITIES[e];
    if (v === undefined) throw new Error(`unknown entity ${m}`);
    return v;
  });
}

/** Parses an SVG document into its root element. */
export function parseSvg(xml: string): SvgNode {
  const root: SvgNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: SvgNode[] = [root];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<\?[^>]*\?>|<!--[\s\S]*?-->|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < xml.length) {
    tag.lastIndex = pos;
    m = tag.exec(xml);
    if (m === null) throw new Error(`malformed markup at offset ${pos}: ${xml.slice(pos, pos + 40)}`);
    pos = tag.lastIndex;
    const top = stack[stack.length - 1];
    if (m[5] !== undefined) {
      if (stack.length === 1 && m[5].trim() !== '') throw new Error('text outside the root element');
      top.text += decode(m[5]);
    } else if (m[2] !== undefined) {
      if (m[1] === '/') {
        if (top.name !== m[2]) throw new Error(`</${m[2]}> closes <${top.name}>`);
        stack.pop();
      } else {
        const attrs: Record<string, string> = {};
        for (const a of m[3].matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]] = decode(a[2] ?? a[3]);
        const node: SvgNode = { name: m[2], attrs, children: [], text: '' };
        top.children.push(node);
        if (m[4] !== '/') stack.push(node);
      }
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1 || root.children[0].name !== 'svg') throw new Error('expected one <svg> root element');
  return root.children[0];
}

/** Every element of the tree, depth first. */
export function allNodes(node: SvgNode): SvgNode[] {
  return [node, ...node.children.flatMap(allNodes)];
}

/** The mark groups vega writes: `<g class="mark-<type> role-<role> ...">`. */
export function markGroups(svg: SvgNode, type: string, role = 'mark'): SvgNode[] {
  return allNodes(svg).filter(
    (n) => n.name === 'g' && (n.attrs.class ?? '').split(' ').includes(`mark-${type}`) && (n.attrs.class ?? '').split(' ').includes(`role-${role}`),
  );
}

/** Number of items (child elements) in all mark groups of `type` with `role`. */
export function countMarks(svg: SvgNode, type: string, role = 'mark'): number {
  return markGroups(svg, type, role).reduce((n, g) => n + g.children.length, 0);
}

/** The text content of every `<text>` element with a class role (`role-title-text`, `role-axis-title` ...). */
export function texts(svg: SvgNode, role: string): string[] {
  return markGroups(svg, 'text', role).flatMap((g) => g.children.map(textOf));
}

/** Text of an element and its descendants (vega writes multi-line text as tspans). */
export function textOf(node: SvgNode): string {
  return node.text + node.children.map(textOf).join('');
}

/** Index of the first character where `a` and `b` differ, -1 when identical (keeps failures short). */
export function firstDifference(a: string, b: string): number {
  if (a === b) return -1;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}
