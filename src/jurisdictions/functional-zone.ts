import type { JurisdictionLevel } from './jurisdiction.entity';

/**
 * Functional zones (功能区: 开发区, 高新区, 新区, 园区, 示范区, 管理区 …) are listed by the hierarchy's
 * source as county-level units with codes whose fifth digit is 7 (`130171` 石家庄高新技术产业开发区,
 * `130372` 北戴河新区), the block the statistical division codes reserve for them. They are run by a
 * 管委会 for a city, not elected county governments. The code decides, not the name: real districts are
 * called 新区 too (`120116` 滨海新区, `310115` 浦东新区, `210113` 沈北新区), and every 7x unit of the data
 * carries a zone word (checked by tests/unit/functional-zone.test.ts).
 */
export function isFunctionalZone(row: { code: string; level: JurisdictionLevel }): boolean {
  return row.level === 'COUNTY' && row.code[4] === '7';
}

/** Words that end the name of a functional zone, with or without a code of its own (苏州工业园区, 湖滨新区). */
export const ZONE_WORD = /(?:开发区|高新区|经开区|新区|园区|示范区|实验区|试验区|合作区|保税区|管理区|聚集区|集聚区|新城|风景名胜区)$/;

/** Short forms users write for the kind of a zone, longest first (威海火炬高技术产业开发区 → 火炬高新区). */
const SHORT_FORMS: readonly [string, string][] = [
  ['高新技术产业开发区', '高新区'],
  ['高技术产业开发区', '高新区'],
  ['高新技术产业园区', '高新区'],
  ['高新技术开发区', '高新区'],
  ['经济技术开发区', '经开区'],
  ['经济开发区', '经开区'],
];

/** The name as written and with its kind shortened: `…高新技术产业开发区` also as `…高新区`. */
export function withShortForms(name: string): string[] {
  for (const [long, short] of SHORT_FORMS) {
    if (name.endsWith(long)) return [name, name.slice(0, -long.length) + short];
  }
  return [name];
}

/**
 * A zone name that says only what kind of zone it is (`经济技术开发区`, `高新区`, `工业园区`, `新区`):
 * dozens of cities have one, so it names a zone only after its city.
 */
export function isGenericZoneName(name: string): boolean {
  return /^(?:高新技术产业|高新技术|高技术产业|经济技术|经济|工业|综合保税|城乡一体化|综合|高新|经开)?(?:开发区|产业园区|园区|新区|示范区|保税区|区)$/.test(
    name,
  );
}
