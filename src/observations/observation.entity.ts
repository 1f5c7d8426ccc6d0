import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { IndicatorEntity } from '../indicators/indicator.entity';
import { ReportEntity } from '../reports/report.entity';

export type ObservationStatus = 'VALUE' | 'BLANK' | 'NOT_APPLICABLE';

/** The value of one indicator in one report, with the cell it was read from. */
@Entity('observation')
export class ObservationEntity {
  @PrimaryColumn({ name: 'report_id', type: 'integer' })
  reportId: number;

  @ManyToOne(() => ReportEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: ReportEntity;

  @Index()
  @PrimaryColumn({ name: 'indicator_code', type: 'varchar', length: 96 })
  indicatorCode: string;

  @ManyToOne(() => IndicatorEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'indicator_code' })
  indicator?: IndicatorEntity;

  /** Null unless `status` is VALUE; a printed 0 is 0 with status VALUE. */
  @Column({ type: 'double precision', nullable: true })
  value: number | null;

  @Column({ type: 'varchar', length: 16 })
  status: ObservationStatus;

  @Column({ name: 'source_table', type: 'varchar', length: 16, nullable: true })
  sourceTable: string | null;

  @Column({ name: 'source_row', type: 'varchar', length: 200, nullable: true })
  sourceRow: string | null;

  @Column({ name: 'source_column', type: 'varchar', length: 100, nullable: true })
  sourceColumn: string | null;
}
