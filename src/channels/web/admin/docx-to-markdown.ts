/**
 * Turns an uploaded Word file into Markdown the corpus can chunk well:
 * mammoth maps Word headings, lists and tables to clean HTML, and this keeps
 * that structure (headings give passages their section path).
 */
import mammoth from 'mammoth';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (m, e: string) => ENTITIES[e] ?? m).replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)));
}

function inline(html: string): string {
  return decode(html.replace(/<br\s*\/?>/g, ' ').replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim();
}

function table(html: string): string {
  const rows = [...html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...(r[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => inline(c[1] ?? '').replace(/\|/g, '｜')),
  );
  const [head, ...body] = rows;
  if (!head) return '';
  const width = Math.max(...rows.map((r) => r.length));
  const line = (cells: string[]) => `| ${[...cells, ...Array(width - cells.length).fill('')].join(' | ')} |`;
  return [line(head), line(Array(width).fill('---')), ...body.map(line)].join('\n');
}

/** Converts mammoth's HTML to Markdown (headings, paragraphs, lists, tables). */
export function htmlToMarkdown(html: string): string {
  const blocks: string[] = [];
  const re = /<(h[1-6]|p|ul|ol|table)\b[^>]*>([\s\S]*?)<\/\1>/g;
  for (const m of html.matchAll(re)) {
    // Both groups are mandatory in `re`.
    const tag = m[1]!;
    const inner = m[2]!;
    if (tag === 'table') blocks.push(table(inner));
    else if (tag === 'ul' || tag === 'ol') {
      const items = [...inner.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((li, i) => `${tag === 'ol' ? `${i + 1}.` : '-'} ${inline(li[1] ?? '')}`);
      blocks.push(items.join('\n'));
    } else {
      const text = inline(inner);
      if (text) blocks.push(tag.startsWith('h') ? `${'#'.repeat(Number(tag.slice(1)))} ${text}` : text);
    }
  }
  return blocks.filter(Boolean).join('\n\n');
}

/** Reads a .docx buffer and returns Markdown text. */
export async function docxToMarkdown(buffer: Buffer): Promise<string> {
  const { value } = await mammoth.convertToHtml({ buffer });
  return htmlToMarkdown(value);
}
