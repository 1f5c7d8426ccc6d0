import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Materialised roll-ups of provinces and prefectures: per root, year and base indicator, the sums over
 * the current OWN reports of the root's subtree (what `measure: ROLLUP` answers). Derived data, kept
 * right by the report store in the transaction that changes a report (see RollupMaterialiser.refresh) and
 * rebuilt in bulk after a synthetic load; counties are summed from their reports when asked. Keyed by
 * indicator, year and level first: a ranking or a level-wide roll-up reads a few contiguous ranges,
 * which on SQLite are contiguous pages too (WITHOUT ROWID: rows stored in key order).
 */
@Entity('rollup', { withoutRowid: true })
export class RollupEntity {
  @PrimaryColumn({ name: 'indicator_code', type: 'varchar', length: 96 })
  indicatorCode: string;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  /** The root's level (PROVINCE or PREFECTURE): every jurisdiction of a level is one contiguous key range. */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  level: 'PROVINCE' | 'PREFECTURE';

  @PrimaryColumn({ name: 'jurisdiction_code', type: 'varchar', length: 6 })
  jurisdictionCode: string;

  /** Observations of the code in the subtree, whatever their status (> 0: the roll-up is not MISSING). */
  @Column({ type: 'integer' })
  observations: number;

  /** Those with a number (0: the roll-up is BLANK). */
  @Column({ name: 'value_observations', type: 'integer' })
  valueObservations: number;

  /** Sum of the numbers; null when there are none. */
  @Column({ type: 'double precision', nullable: true })
  value: number | null;
}
