import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CellStatus } from './cell-value';

/**
 * The values `measure: OWN` and `measure: REPORTED` read, materialised: per jurisdiction, measure,
 * printed code and year, the observation of the report that answers for it — for OWN the latest
 * current government OWN report, for REPORTED the latest current SUMMARY report (latest: the last
 * imported, should two organs file one). That report answers for its jurisdiction and year as a
 * whole: a code it does not print is MISSING, never taken from another organ's older report. Kept by
 * the report store in the same transaction as every stored report and revision
 * (RollupMaterialiser.refreshCurrentValues), rebuilt after a bulk load.
 *
 * Why: a request for one prefecture's ten indicators is then ten neighbouring key lookups in one
 * table stored in key order (WITHOUT ROWID on SQLite), instead of finding the report, then each
 * observation through its index and again in its table; a series over years is one short range per
 * indicator. Reports and observations stay the record; this is an index of their current state.
 */
@Entity('current_value', { withoutRowid: true })
export class CurrentValueEntity {
  @PrimaryColumn({ name: 'jurisdiction_code', type: 'varchar', length: 6 })
  jurisdictionCode: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  measure: 'OWN' | 'REPORTED';

  @PrimaryColumn({ name: 'indicator_code', type: 'varchar', length: 96 })
  indicatorCode: string;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ type: 'double precision', nullable: true })
  value: number | null;

  @Column({ type: 'varchar', length: 16 })
  status: CellStatus;

  @Column({ name: 'report_id', type: 'integer' })
  reportId: number;
}
