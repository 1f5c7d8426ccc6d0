import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CellStatus } from './cell-value';

/**
 * Materialised derived indicators (the catalog's formulas, e.g. `derived.disclosure_rate`) of the
 * materialised roll-ups: per province or prefecture, year and derived code, the value the formula gives
 * on that roll-up's aggregated parts — exactly what `measure: ROLLUP` computes for the cell. Kept with
 * the `rollup` rows they come from (RollupMaterialiser.refresh and rebuild). Rankings read them in order
 * instead of computing every jurisdiction's value; a roll-up without a report (MISSING) has no row.
 */
@Entity('rollup_derived', { withoutRowid: true })
export class RollupDerivedEntity {
  @PrimaryColumn({ name: 'indicator_code', type: 'varchar', length: 96 })
  indicatorCode: string;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  level: 'PROVINCE' | 'PREFECTURE';

  @PrimaryColumn({ name: 'jurisdiction_code', type: 'varchar', length: 6 })
  jurisdictionCode: string;

  @Column({ type: 'varchar', length: 16 })
  status: Exclude<CellStatus, 'MISSING'>;

  @Column({ type: 'double precision', nullable: true })
  value: number | null;

  /** Why there is no number where the status does not say it (e.g. "zero denominator"). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  reason: string | null;
}
