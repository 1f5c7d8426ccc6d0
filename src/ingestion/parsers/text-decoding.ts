import * as iconv from 'iconv-lite';
import { ImportRejectedError } from '../../errors';

/**
 * Byte-level handling of an uploaded file: what kind of document it is and how its bytes decode.
 * Chinese government pages are UTF-8 or GBK/GB2312 (decoded as GB18030, a superset); a page whose
 * declared charset is wrong is caught by the strict UTF-8 check and the replacement-character count.
 */

export type InputKind = 'pdf' | 'html' | 'text';

export function detectKind(content: Buffer, contentType?: string, fileName?: string): InputKind {
  if (content.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  const type = (contentType ?? '').toLowerCase();
  const name = (fileName ?? '').toLowerCase();
  if (type.includes('pdf') || name.endsWith('.pdf')) return 'pdf';
  if (type.includes('html') || /\.x?html?$/.test(name)) return 'html';
  // A declared text file stays text even if it quotes a tag; otherwise markup is recognised by its tags.
  if (/\.(txt|md|markdown|text)$/.test(name) || type.startsWith('text/plain') || type.includes('markdown')) return 'text';
  const head = content.subarray(0, 65536).toString('latin1').toLowerCase();
  if (/<!doctype html|<html[\s>]/.test(head)) return 'html';
  const tags = head.match(/<\/?(?:table|tr|td|th|p|div|br|span|body|meta)\b[^>]*>/g)?.length ?? 0;
  return tags >= 5 ? 'html' : 'text';
}

/** NUL bytes or a high share of control characters mean this is not text (unless UTF-16 with a BOM). */
export function assertNotBinary(content: Buffer): void {
  if (content.length === 0) throw new ImportRejectedError('EMPTY_INPUT', 'The file is empty: upload the report as PDF, HTML or text.');
  if (bomEncoding(content)?.startsWith('utf-16')) return;
  const sample = content.subarray(0, 65536);
  let control = 0;
  for (const b of sample) {
    if (b === 0) {
      throw new ImportRejectedError('BINARY_INPUT', 'The file is binary data, not a report: upload the report as PDF, HTML or text.');
    }
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (control / sample.length > 0.05) {
    throw new ImportRejectedError('BINARY_INPUT', 'The file is binary data, not a report: upload the report as PDF, HTML or text.');
  }
}

function bomEncoding(content: Buffer): string | null {
  if (content.length >= 3 && content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) return 'utf-8';
  if (content.length >= 2 && content[0] === 0xff && content[1] === 0xfe) return 'utf-16le';
  if (content.length >= 2 && content[0] === 0xfe && content[1] === 0xff) return 'utf-16be';
  return null;
}

/** `<meta charset=gbk>` or `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`. */
export function declaredCharset(content: Buffer, contentType?: string): string | null {
  const fromHeader = /charset\s*=\s*["']?([\w-]+)/i.exec(contentType ?? '');
  if (fromHeader) return fromHeader[1].toLowerCase();
  const head = content.subarray(0, 4096).toString('latin1');
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
  return meta ? meta[1].toLowerCase() : null;
}

function normaliseCharsetName(name: string): string {
  if (/^(gb2312|gbk|gb_2312-80|x-gbk|cp936|ms936|windows-936|euc-cn)$/.test(name)) return 'gb18030';
  if (name === 'utf8') return 'utf-8';
  return name;
}

function strictUtf8(content: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return null;
  }
}

/** Share of U+FFFD in the decoded text above which the bytes are not in that encoding. */
function mostlyReplacement(text: string): boolean {
  const bad = text.match(/\uFFFD/g)?.length ?? 0;
  return bad > 3 && bad / Math.max(1, text.length) > 0.01;
}

export function decodeText(content: Buffer, contentType?: string, allowDeclared = true): { text: string; encoding: string } {
  const bom = bomEncoding(content);
  if (bom) {
    const body = content.subarray(bom === 'utf-8' ? 3 : 2);
    return { text: iconv.decode(body, bom), encoding: bom };
  }
  const declared = allowDeclared ? declaredCharset(content, contentType) : null;
  const attempts: string[] = [];
  if (declared) {
    const enc = normaliseCharsetName(declared);
    if (enc === 'utf-8') {
      const t = strictUtf8(content);
      if (t !== null) return { text: t, encoding: 'utf-8' };
    } else if (iconv.encodingExists(enc)) {
      const t = iconv.decode(content, enc);
      if (!mostlyReplacement(t)) return { text: t, encoding: enc };
    }
    attempts.push(declared);
  }
  const utf8 = strictUtf8(content);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  const gb = iconv.decode(content, 'gb18030');
  if (!mostlyReplacement(gb) && !/[\u0080-\u009f]/.test(gb)) return { text: gb, encoding: 'gb18030' };
  attempts.push('utf-8', 'gb18030');
  throw new ImportRejectedError(
    'UNDECODABLE_INPUT',
    `The text could not be decoded (tried ${attempts.join(', ')}): save the report as UTF-8 or GBK and upload it again.`,
  );
}
