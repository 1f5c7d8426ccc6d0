import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Materialised best-available totals (measure BEST, rules in best.ts) of provinces and prefectures: per
 * root, year and base indicator, the sums over the SUMMARY reports that answer for their subtrees and
 * the OWN reports of the jurisdictions no summary covers. Same shape and key order as `rollup`; kept
 * right in the transaction of every change of a report (RollupMaterialiser.refresh and refreshCurrentValues),
 * rebuilt after a bulk load.
 */
@Entity('rollup_best', { withoutRowid: true })
export class RollupBestEntity {
  @PrimaryColumn({ name: 'indicator_code', type: 'varchar', length: 96 })
  indicatorCode: string;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  level: 'PROVINCE' | 'PREFECTURE';

  @PrimaryColumn({ name: 'jurisdiction_code', type: 'varchar', length: 6 })
  jurisdictionCode: string;

  /** Observations of the code in the reports that count, whatever their status (> 0: not MISSING). */
  @Column({ type: 'integer' })
  observations: number;

  /** Those with a number (0: BLANK). */
  @Column({ name: 'value_observations', type: 'integer' })
  valueObservations: number;

  /** Sum of the numbers; null when there are none. */
  @Column({ type: 'double precision', nullable: true })
  value: number | null;
}
