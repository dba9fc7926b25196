/**
 * What runs inside the rendering page. puppeteer serialises these functions, so they may use only their
 * arguments and the page's globals. The project compiles without the DOM library: the types below describe
 * just what the page code touches.
 */

export type SvgResult = { ok: true; svg: string } | { ok: false; error: string };

interface PageNode {
  remove(): void;
}
interface PageElement extends PageNode {
  id: string;
  style: Record<string, string>;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
}
interface PageImage extends PageElement {
  width: number;
  height: number;
  src: string;
  decode(): Promise<void>;
}
interface PageGlobals {
  screen: object;
  mermaid: {
    initialize(config: Record<string, unknown>): void;
    render(id: string, text: string): Promise<{ svg: string }>;
  };
  document: {
    body: { replaceChildren(...nodes: PageNode[]): void };
    getElementById(id: string): PageElement | null;
    createElement(tag: 'img'): PageImage;
  };
  DOMParser: new () => {
    parseFromString(text: string, type: 'image/svg+xml'): { documentElement: PageElement & { nodeName: string }; querySelector(s: string): PageNode | null };
  };
  XMLSerializer: new () => { serializeToString(node: PageNode): string };
}

export function initialiseInPage(theme: string, maxTextSize: number, layoutWidth: number): void {
  const g = globalThis as unknown as PageGlobals;
  // The same layout on every machine, whatever headless Chromium reports as its screen.
  for (const property of ['width', 'availWidth']) Object.defineProperty(g.screen, property, { get: () => layoutWidth, configurable: true });
  // suppressErrorRendering: a rejected diagram throws without drawing an error picture or leaving
  // mermaid's scratch elements in the page.
  g.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme, maxTextSize, suppressErrorRendering: true });
}

export async function renderInPage(id: string, text: string, maxTextSize: number): Promise<SvgResult> {
  const g = globalThis as unknown as PageGlobals;
  const tooBig = 'Maximum text size in diagram exceeded';
  try {
    const { svg } = await g.mermaid.render(id, text);
    // Over the limit, mermaid draws a box saying so instead of failing.
    if (svg.includes(tooBig) && !text.includes(tooBig)) {
      return { ok: false, error: `${tooBig}: ${text.length} characters, the limit is ${maxTextSize}` };
    }
    return { ok: true, svg };
  } catch (e) {
    const m = e !== null && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : String(e);
    return { ok: false, error: m || 'mermaid rejected the diagram' };
  } finally {
    for (const leftover of [id, `d${id}`, `i${id}`]) g.document.getElementById(leftover)?.remove();
  }
}

export async function showImageInPage(svg: string, maxSide: number): Promise<void> {
  const g = globalThis as unknown as PageGlobals;
  const doc = new g.DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = doc.documentElement;
  if (doc.querySelector('parsererror') || root.nodeName.toLowerCase() !== 'svg') throw new Error('not an SVG document');
  const box = (root.getAttribute('viewBox') ?? '').trim().split(/[\s,]+/).map(Number);
  let [w, h] = [box[2] ?? NaN, box[3] ?? NaN];
  if (!(w > 0 && h > 0)) [w, h] = [parseFloat(root.getAttribute('width') ?? ''), parseFloat(root.getAttribute('height') ?? '')];
  if (!(w > 0 && h > 0)) throw new Error('the SVG has no size (no viewBox, width or height)');
  const k = Math.min(1, maxSide / Math.max(w, h));
  const width = Math.ceil(w * k);
  const height = Math.ceil(h * k);
  // Mermaid's SVG is 100% wide with a max-width: pin it to its own size.
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.style['maxWidth'] = '';
  // As an <img>, the SVG can run no script and load nothing.
  const img = g.document.createElement('img');
  img.id = 'craft-png';
  img.width = width;
  img.height = height;
  img.style['display'] = 'block';
  img.style['background'] = '#fff';
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new g.XMLSerializer().serializeToString(root))}`;
  g.document.body.replaceChildren(img);
  await img.decode();
}

export function clearPage(): void {
  (globalThis as unknown as PageGlobals).document.body.replaceChildren();
}
