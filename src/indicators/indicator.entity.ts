import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One code of the indicator catalog (src/indicators/indicators.csv), loaded as reference data. */
@Entity('indicator')
export class IndicatorEntity {
  @PrimaryColumn({ type: 'varchar', length: 96 })
  code: string;

  /** Catalog position, so lists come back in the order of the printed tables. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ name: 'table_name', type: 'varchar', length: 48 })
  table: string;

  @Column({ type: 'varchar', length: 48, nullable: true })
  clause: string | null;

  @Column({ name: 'row_label_zh', type: 'varchar', length: 200 })
  rowLabelZh: string;

  @Column({ name: 'column_label_zh', type: 'varchar', length: 100, nullable: true })
  columnLabelZh: string | null;

  @Column({ name: 'label_en', type: 'varchar', length: 200 })
  labelEn: string;

  @Column({ type: 'varchar', length: 16 })
  unit: string;

  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ name: 'space_aggregation', type: 'varchar', length: 16 })
  spaceAggregation: string;

  @Column({ name: 'time_aggregation', type: 'varchar', length: 16 })
  timeAggregation: string;

  /** Format versions that carry the indicator, `;`-separated as in the catalog (e.g. `2019;2021`). */
  @Column({ name: 'format_versions', type: 'varchar', length: 32 })
  formatVersions: string;

  @Column({ type: 'text', nullable: true })
  formula: string | null;
}
